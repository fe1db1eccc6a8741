namespace LifecycleFunctions.App.Hosting;

/// <summary>What the Functions host passes a timer function: whether the occurrence is late (missed while the app was down), and when.</summary>
public sealed record TimerTriggerInfo(bool IsPastDue, DateTimeOffset ScheduledFor, DateTimeOffset? Last, DateTimeOffset Next);
