namespace LifecycleFunctions.Domain.Analytics;

/// <summary>The funnel as of a day, overall and by first-touch channel.</summary>
public sealed record FunnelSnapshot(DateOnly AsOf, IReadOnlyList<FunnelRow> Stages, IReadOnlyList<FunnelChannelRow> ByChannel);
