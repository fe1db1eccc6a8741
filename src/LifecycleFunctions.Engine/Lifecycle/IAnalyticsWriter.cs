using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>The combined figures a recompute writes for its day: cohort tables, the funnel, the campaigns.</summary>
public interface IAnalyticsWriter
{
    Task WriteCohortsAsync(CohortTable table, CancellationToken cancellationToken);

    Task WriteFunnelAsync(FunnelSnapshot snapshot, CancellationToken cancellationToken);

    Task WriteCampaignsAsync(DateOnly asOf, IReadOnlyList<CampaignRow> rows, CancellationToken cancellationToken);
}
