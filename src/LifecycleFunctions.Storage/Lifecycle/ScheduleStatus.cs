namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>The timer's last run, as the Functions host's schedule monitor keeps it.</summary>
public sealed record ScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
