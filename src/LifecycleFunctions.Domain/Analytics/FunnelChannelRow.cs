using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

public sealed record FunnelChannelRow(string Channel, LifecycleStage Stage, int Current, int EverReached, double? ConversionFromReach);
