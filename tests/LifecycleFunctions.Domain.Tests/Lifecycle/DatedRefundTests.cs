using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

/// <summary>A refund takes an order away from the day of the refund on, not from the past.</summary>
public sealed class DatedRefundTests
{
    private static readonly DateTimeOffset Ordered = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Refunded = new(2024, 3, 20, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2024, 3, 19, true)]
    [InlineData(2024, 3, 20, false)]
    [InlineData(2024, 6, 1, false)]
    public void CountsBefore_WithFullRefundOnTheTwentieth_CountsOnlyBeforeTheRefund(int year, int month, int day, bool expected)
    {
        var order = OrderFact.Completion("o", Ordered, 50m).Merge(OrderFact.Refund("o", null, 50m, Refunded));

        Assert.Equal(expected, order.CountsBefore(StageClassifier.EndOf(new DateOnly(year, month, day))));
    }

    [Fact]
    public void CountsBefore_WithRefundOfUnknownTime_NeverCounts()
    {
        var order = OrderFact.Completion("o", Ordered, 50m).Merge(OrderFact.Refund("o", null, 50m, null));

        Assert.False(order.CountsBefore(StageClassifier.EndOf(new DateOnly(2024, 3, 5))));
    }

    [Fact]
    public void NetAmountBefore_WithPartialRefund_SubtractsItOnlyFromTheRefundDayOn()
    {
        var order = OrderFact.Completion("o", Ordered, 50m).Merge(OrderFact.Refund("o", null, 20m, Refunded));

        Assert.Equal(50m, order.NetAmountBefore(StageClassifier.EndOf(new DateOnly(2024, 3, 10))));
        Assert.Equal(30m, order.NetAmountBefore(StageClassifier.EndOf(new DateOnly(2024, 3, 25))));
    }

    [Fact]
    public void Classify_BeforeAndAfterTheOnlyOrdersRefund_IsConversionThenReach()
    {
        var person = new PersonState { Key = "u:refunder" };
        person.Seen(Ordered);
        person.AddOrder(OrderFact.Completion("o", Ordered, 50m));
        person.AddOrder(OrderFact.Refund("o", null, 50m, Refunded));
        var classifier = new StageClassifier(new LifecycleOptions());

        Assert.Equal(LifecycleStage.Conversion, classifier.Classify(person, new DateOnly(2024, 3, 10)));
        Assert.Equal(LifecycleStage.Reach, classifier.Classify(person, new DateOnly(2024, 3, 25)));
    }

    [Fact]
    public void CohortAggregator_AsOfBeforeTheRefund_StillCountsTheOrder()
    {
        var person = new PersonState { Key = "u:refunder" };
        person.Seen(Ordered);
        person.AddOrder(OrderFact.Completion("o", Ordered, 50m).Merge(OrderFact.Refund("o", null, 50m, Refunded)));
        var before = new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = new DateOnly(2024, 3, 10) };
        var after = new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = new DateOnly(2024, 3, 31) };

        before.Add(person);
        after.Add(person);

        Assert.Equal(1, Assert.Single(before.Build().Rows).Size);
        Assert.Empty(after.Build().Rows);
    }
}
