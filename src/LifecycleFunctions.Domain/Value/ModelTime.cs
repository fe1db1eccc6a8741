namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The models' unit of time is the week, as in the papers (Fader, Hardie and Lee 2005 fit CDNOW in weeks), so the
/// fitted r and α read like the published ones. Summaries count whole days; these convert.
/// </summary>
public static class ModelTime
{
    public const double DaysPerWeek = 7.0;

    public static double Weeks(double days) => days / DaysPerWeek;
}
