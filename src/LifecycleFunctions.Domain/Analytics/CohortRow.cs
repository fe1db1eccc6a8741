namespace LifecycleFunctions.Domain.Analytics;

public sealed record CohortRow(string Cohort, DateOnly Start, int Size, IReadOnlyList<CohortCell> Cells);
