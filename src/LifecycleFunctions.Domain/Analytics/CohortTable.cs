namespace LifecycleFunctions.Domain.Analytics;

/// <summary>The retention triangle: cohorts by first-purchase period, cells by period offset.</summary>
public sealed record CohortTable(CohortGranularity Granularity, DateOnly AsOf, IReadOnlyList<CohortRow> Rows);
