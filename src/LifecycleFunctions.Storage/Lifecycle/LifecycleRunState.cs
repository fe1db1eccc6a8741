using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// What the last committed recompute left: the watermark (events stored up to it are folded) and the ad totals
/// up to it. Written once at the end of a run: the commit point that makes a crashed run's partial work
/// invisible until a rerun completes it.
/// </summary>
public sealed class LifecycleRunState
{
    public DateTimeOffset Watermark { get; set; } = DateTimeOffset.MinValue;
    public DateOnly? LastAsOf { get; set; }
    public DateTimeOffset? LastCompletedAt { get; set; }
    public CampaignAggregator AdTotals { get; set; } = new();
    public List<DateOnly> Runs { get; set; } = [];
}
