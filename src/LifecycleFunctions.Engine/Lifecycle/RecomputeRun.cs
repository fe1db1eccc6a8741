using System.Text.Json.Serialization;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>One recompute: classify as of <paramref name="AsOf"/>, folding events stored in (StoredAfter, StoredUpTo].</summary>
public sealed record RecomputeRun(string RunId, DateOnly AsOf, DateTimeOffset StoredAfter, DateTimeOffset StoredUpTo)
{
    /// <summary>
    /// Whether an earlier attempt of this run left finished steps to reuse. False for a run that starts clean,
    /// whose steps then skip asking whether they are done (a redelivered step redoes its work, which is idempotent).
    /// </summary>
    public bool Resuming { get; init; } = true;

    /// <summary>
    /// As of a day before the one stage membership is kept as of (a backfill for trends): it folds and stores the
    /// new events and writes that day's funnel, cohort and campaign tables, but leaves members, history and
    /// stage-changes as they are, or the current view would step back in time and announce it.
    /// </summary>
    public bool Backfill { get; init; }

    /// <summary>
    /// The watermark of the last run that kept stage membership, when it differs from <see cref="StoredAfter"/>
    /// (a backfill ran since); null otherwise, and in work items queued before it was kept.
    /// </summary>
    public DateTimeOffset? MembershipSince { get; init; }

    /// <summary>
    /// Newcomers who entered their first stage on or after this day are announced: the day of the watermark of
    /// the last run that kept membership, so a backfill in between does not silence the people it folded. None
    /// on the first run ever (nothing was stored before it), which is a backfill.
    /// </summary>
    [JsonIgnore]
    public DateOnly? AnnounceNewFrom => (MembershipSince ?? StoredAfter) is var since && since == DateTimeOffset.MinValue ? null : DateOnly.FromDateTime(since.UtcDateTime);
}
