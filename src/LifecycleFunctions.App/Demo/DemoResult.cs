namespace LifecycleFunctions.App.Demo;

/// <param name="Rejected">Events the collection API refused (the deliberately broken ones).</param>
/// <param name="TrendDays">The month ends recomputed before the as-of day, for the trends.</param>
/// <param name="Workbook">The workbook written, if the recompute ran.</param>
public sealed record DemoResult(SampleTraffic Traffic, StoredEventSummary Stored, int Rejected, DateOnly AsOf, IReadOnlyList<DateOnly> TrendDays, string? Workbook);
