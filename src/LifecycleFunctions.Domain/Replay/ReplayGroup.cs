namespace LifecycleFunctions.Domain.Replay;

/// <summary>How many items of one source, from the poison queue or the failed-events table, share a reason.</summary>
public sealed record ReplayGroup(string Source, bool FromPoisonQueue, string Reason, int Count);
