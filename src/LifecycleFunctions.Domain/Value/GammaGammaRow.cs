namespace LifecycleFunctions.Domain.Value;

/// <summary>One distinct (x, mean repeat value) of the customers with x &gt; 0 and a positive mean, and how many have it.</summary>
public readonly record struct GammaGammaRow(int X, double MeanValue, long Count)
{
    public static IReadOnlyList<GammaGammaRow> Group(IEnumerable<CustomerSummary> summaries) =>
        [.. summaries
            .Where(s => s.X > 0 && s.MeanRepeatValue > 0)
            .GroupBy(s => (s.X, Mean: (double)s.MeanRepeatValue!.Value))
            .Select(g => new GammaGammaRow(g.Key.X, g.Key.Mean, g.LongCount()))
            .OrderBy(r => r.X).ThenBy(r => r.MeanValue)];
}
