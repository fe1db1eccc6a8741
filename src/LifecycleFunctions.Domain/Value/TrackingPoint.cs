namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// One period of the repeat purchase tracking series: expected (model) and actual repeat purchases of the whole
/// population in [PeriodStart, PeriodEnd], and their totals since the start of the data. Actual is null for a period
/// that ends after the last day the data covers.
/// </summary>
public sealed record TrackingPoint(
    DateOnly PeriodStart, DateOnly PeriodEnd, double Expected, int? Actual, double CumulativeExpected, int? CumulativeActual);
