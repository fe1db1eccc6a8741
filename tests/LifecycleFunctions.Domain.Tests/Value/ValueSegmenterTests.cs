using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class ValueSegmenterTests
{
    private static CustomerValue Customer(string id, double clv, double pAlive) => new(id, pAlive, 0, 0, 0, clv, ValueTier.Low, false);

    [Fact]
    public void Segment_WithTenCustomers_PutsTwoTopThreeMiddleFiveLow()
    {
        // Issue 23: top 20 % of predicted CLV, middle the next 30 %, low the rest.
        var customers = Enumerable.Range(0, 10).Select(i => Customer($"c{i}", i * 10, 0.9)).ToList();

        var segmented = ValueSegmenter.Segment(customers, new CustomerValueOptions());

        Assert.Equal(["c9", "c8"], segmented.Where(c => c.Tier == ValueTier.Top).Select(c => c.CustomerId));
        Assert.Equal(["c7", "c6", "c5"], segmented.Where(c => c.Tier == ValueTier.Middle).Select(c => c.CustomerId));
        Assert.Equal(5, segmented.Count(c => c.Tier == ValueTier.Low));
    }

    [Fact]
    public void Segment_WithUnlikelyAliveCustomers_FlagsOnlyTheTopTierAsAtRisk()
    {
        CustomerValue[] customers =
        [
            Customer("rich-gone", 100, 0.3),
            Customer("rich-here", 90, 0.8),
            Customer("middle-gone", 50, 0.1),
            Customer("low-gone", 1, 0.1),
            Customer("low-2", 0, 0.9),
        ];

        var segmented = ValueSegmenter.Segment(customers, new CustomerValueOptions { AtRiskBelowPAlive = 0.5 });

        Assert.Equal(["rich-gone"], segmented.Where(c => c.HighValueAtRisk).Select(c => c.CustomerId));
    }

    [Fact]
    public void Segment_WithEqualClv_RanksByCustomerId()
    {
        var segmented = ValueSegmenter.Segment([Customer("b", 5, 1), Customer("a", 5, 1)], new CustomerValueOptions());

        Assert.Equal(["a", "b"], segmented.Select(c => c.CustomerId));
        Assert.Equal(ValueTier.Top, segmented[0].Tier);
    }
}
