namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// Tiers by predicted CLV: ranked from the highest (ties by customer id, so reruns agree), the first
/// ceil(top share × n) are the top tier, up to ceil((top + middle share) × n) the middle tier, the rest low. A top-tier
/// customer with P(alive) below the threshold is "high value at risk": worth much, probably gone.
/// </summary>
public static class ValueSegmenter
{
    public static IReadOnlyList<CustomerValue> Segment(IReadOnlyList<CustomerValue> customers, CustomerValueOptions options)
    {
        var n = customers.Count;
        var topCount = (int)Math.Ceiling(options.TopTierShare * n);
        var middleEnd = Math.Min(n, (int)Math.Ceiling((options.TopTierShare + options.MiddleTierShare) * n));
        var ranked = customers.OrderByDescending(c => c.Clv).ThenBy(c => c.CustomerId, StringComparer.Ordinal).ToList();
        var segmented = new List<CustomerValue>(n);
        for (var i = 0; i < n; i++)
        {
            var tier = i < topCount ? ValueTier.Top : i < middleEnd ? ValueTier.Middle : ValueTier.Low;
            segmented.Add(ranked[i] with { Tier = tier, HighValueAtRisk = tier == ValueTier.Top && ranked[i].PAlive < options.AtRiskBelowPAlive });
        }

        return segmented;
    }
}
