using Microsoft.Extensions.Configuration;
using NCrontab;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// A timerTrigger's schedule: NCRONTAB with six fields (seconds first), as Azure Functions reads it, with
/// %Setting% resolved from configuration as the Functions host resolves app settings.
/// </summary>
public sealed class TimerSchedule
{
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

    public DateTimeOffset Next(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
