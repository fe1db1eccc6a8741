namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// The day a scheduled run classifies as of: the last complete UTC day, as batch analytics report "through
/// yesterday". At 02:00 today has two hours of data; classifying as of it would lapse people a day early and
/// show a new month's cohort period from a few orders. A run started by hand since midnight may already have
/// classified as of today: the schedule then stays on today, because stepping back a day would announce
/// every stage change of today in reverse on the stage-changes queue.
/// </summary>
public static class NightlyAsOf
{
    public static DateOnly Resolve(DateTimeOffset now, DateOnly? lastAsOf)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var yesterday = today.AddDays(-1);
        return lastAsOf is { } last && last > yesterday && last <= today ? last : yesterday;
    }
}
