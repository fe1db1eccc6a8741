namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// One period of a cohort: customers with an order in it ("on"), customers with an order in it or later
/// ("on or after"), revenue in it, and revenue so far per cohort customer. A period not over by the as-of
/// day is incomplete.
/// </summary>
public sealed record CohortCell(int Offset, DateOnly PeriodStart, int On, int OnOrAfter, decimal Revenue, decimal CumulativeRevenuePerCustomer, bool Incomplete)
{
    public double OnShare(int size) => size == 0 ? 0 : (double)On / size;

    public double OnOrAfterShare(int size) => size == 0 ? 0 : (double)OnOrAfter / size;
}
