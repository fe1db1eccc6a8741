namespace LifecycleFunctions.App.Collection;

/// <summary>What the batch path did with a batch's events: how many it queued, and each one it rejected (also kept in failedevents).</summary>
/// <param name="Reasons">The reason recorded for each rejected event, in the order of <paramref name="Rejected"/>.</param>
public sealed record SegmentBatchOutcome(int Accepted, IReadOnlyList<RejectedEvent> Rejected, IReadOnlyList<string> Reasons);
