namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// One distinct (x, t_x, T), times in weeks, and how many customers have it. Customers share rows heavily (every x = 0
/// customer with the same first purchase day is one row), so the likelihood runs over rows, not customers.
/// </summary>
public readonly record struct BgNbdRow(int X, double Recency, double Age, long Count)
{
    /// <summary>The distinct rows of the summaries, ordered by x (the likelihood reuses the terms that depend on x only).</summary>
    public static IReadOnlyList<BgNbdRow> Group(IEnumerable<CustomerSummary> summaries) =>
        [.. summaries
            .GroupBy(s => (s.X, s.RecencyDays, s.AgeDays))
            .Select(g => new BgNbdRow(g.Key.X, ModelTime.Weeks(g.Key.RecencyDays), ModelTime.Weeks(g.Key.AgeDays), g.LongCount()))
            .OrderBy(r => r.X).ThenBy(r => r.Recency).ThenBy(r => r.Age)];
}
