using System.Globalization;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>Calendar arithmetic for cohort periods: calendar months, or ISO weeks starting on Monday.</summary>
public static class CohortPeriods
{
    public static DateOnly Start(DateOnly day, CohortGranularity granularity) => granularity switch
    {
        CohortGranularity.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
    };

    public static DateOnly Add(DateOnly start, int periods, CohortGranularity granularity) =>
        granularity == CohortGranularity.Month ? start.AddMonths(periods) : start.AddDays(7 * periods);

    public static int Offset(DateOnly cohortStart, DateOnly day, CohortGranularity granularity)
    {
        var start = Start(day, granularity);
        return granularity == CohortGranularity.Month
            ? ((start.Year - cohortStart.Year) * 12) + start.Month - cohortStart.Month
            : (start.DayNumber - cohortStart.DayNumber) / 7;
    }

    /// <summary>"1997-01" for months, "1997-W01" (ISO week-year) for weeks.</summary>
    public static string Label(DateOnly start, CohortGranularity granularity) => granularity == CohortGranularity.Month
        ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):00}");
}
