namespace LifecycleFunctions.Domain.Analytics;

/// <summary>The funnel as of a day: overall, by first-touch channel, by acquisition cohort, and the purchase totals behind the KPIs.</summary>
public sealed record FunnelSnapshot(
    DateOnly AsOf,
    IReadOnlyList<FunnelRow> Stages,
    IReadOnlyList<FunnelSliceRow> ByChannel,
    IReadOnlyList<FunnelSliceRow> ByCohort,
    FunnelTotals Totals);
