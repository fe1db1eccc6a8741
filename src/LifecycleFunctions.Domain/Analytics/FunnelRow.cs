using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <param name="StepConversion">People who ever reached this stage over those who reached the stage before it (Lapsed: over Conversion).</param>
/// <param name="ConversionFromReach">Over everyone reached.</param>
/// <param name="MedianDaysToNext">Median days from entering this stage to entering the next funnel stage, among people who did.</param>
public sealed record FunnelRow(LifecycleStage Stage, int Current, int EverReached, double? StepConversion, double? ConversionFromReach, double? MedianDaysToNext);
