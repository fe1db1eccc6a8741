using Microsoft.Extensions.Configuration;
using NCrontab;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// A timerTrigger's schedule: NCRONTAB with six fields (seconds first), as Azure Functions reads it, with
/// %Setting% resolved from configuration as the Functions host resolves app settings.
/// </summary>
public sealed class TimerSchedule
{
    private static readonly TimeSpan[] LookBack = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32)];

    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    public static TimerSchedule Parse(string declared, IConfiguration configuration)
    {
        var expression = declared;
        if (declared.Length > 2 && declared[0] == '%' && declared[^1] == '%')
        {
            var setting = declared[1..^1];
            expression = configuration[setting] ?? configuration[setting.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"The timer schedule refers to app setting '{setting}', which is not set.");
        }

        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"'{expression}' is not an NCRONTAB schedule with six fields (second minute hour day month day-of-week), e.g. '0 0 2 * * *' for 02:00 every day.");
        return new TimerSchedule(expression, schedule);
    }

    /// <summary>
    /// The latest occurrence at or before <paramref name="atOrBefore"/> within the last 32 days, or null. NCRONTAB
    /// only counts forward, so it looks back over widening windows: a frequent schedule is found in the first.
    /// </summary>
    public DateTimeOffset? Last(DateTimeOffset atOrBefore)
    {
        var end = atOrBefore.UtcDateTime.AddTicks(1);
        foreach (var window in LookBack)
        {
            var found = _schedule.GetNextOccurrences(end - window - TimeSpan.FromTicks(1), end).LastOrDefault();
            if (found != default)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(found, DateTimeKind.Utc));
            }
        }

        return null;
    }

    public DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
