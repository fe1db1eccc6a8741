using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>One stage of the funnel within a slice: a first-touch channel, or an acquisition cohort.</summary>
/// <param name="Slice">The channel name, or the cohort month (yyyy-MM) people entered the funnel in.</param>
public sealed record FunnelSliceRow(string Slice, LifecycleStage Stage, int Current, int EverReached, double? ConversionFromReach);
