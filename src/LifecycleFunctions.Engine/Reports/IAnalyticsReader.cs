using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Engine.Reports;

/// <summary>The figures recomputes wrote, by day: what a funnel workbook shows besides the member lists.</summary>
public interface IAnalyticsReader
{
    /// <summary>The day's funnel, or null when no recompute ran as of that day.</summary>
    Task<FunnelSnapshot?> ReadFunnelAsync(DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>Every run day's stage counts up to <paramref name="upTo"/>, oldest first.</summary>
    Task<IReadOnlyList<(DateOnly AsOf, IReadOnlyList<FunnelRow> Stages)>> ReadTrendsAsync(DateOnly upTo, CancellationToken cancellationToken);

    Task<CohortTable> ReadCohortsAsync(DateOnly asOf, CohortGranularity granularity, CancellationToken cancellationToken);

    Task<IReadOnlyList<CampaignRow>> ReadCampaignsAsync(DateOnly asOf, CancellationToken cancellationToken);
}
