namespace LifecycleFunctions.Domain.Operations;

/// <summary>What the pipeline holds and how far the recompute has got, read from storage at one moment.</summary>
/// <param name="FailedEvents">Failed-events rows still to be looked at (not sent by a replay), by source.</param>
/// <param name="LastAsOf">The day the last recompute that moved the current view classified as of (backfills leave it).</param>
/// <param name="EventsFoldedUpTo">The watermark: events stored up to this time are folded into the person states.</param>
/// <param name="RecomputeRunning">A recompute holds the run lock now.</param>
/// <param name="LatestWorkbook">The day the pre-built workbook (funnel-latest.xlsx) is as of; null before the first.</param>
public sealed record PipelineSnapshot(
    IReadOnlyList<QueueDepth> Queues,
    IReadOnlyDictionary<string, int> FailedEvents,
    DateOnly? LastAsOf,
    DateTimeOffset? LastCompletedAt,
    DateTimeOffset? EventsFoldedUpTo,
    bool RecomputeRunning,
    DateOnly? LatestWorkbook);
