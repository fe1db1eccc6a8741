using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>x, t_x, T and the mean repeat value as Fader, Hardie and Lee (2005) define them, from the domain's orders.</summary>
public sealed class CustomerSummaryTests
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    private static OrderFact Order(string id, int month, int day, decimal amount, int hour = 12) =>
        OrderFact.Completion(id, new DateTimeOffset(2024, month, day, hour, 0, 0, TimeSpan.Zero), amount);

    [Fact]
    public void FromOrders_WithThreeDays_CountsRepeatDaysAndTheirMean()
    {
        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), Order("o2", 2, 1, 30), Order("o3", 3, 1, 50)], AsOf)!;

        Assert.Equal(2, summary.X);
        Assert.Equal(new DateOnly(2024, 3, 1).DayNumber - new DateOnly(2024, 1, 1).DayNumber, summary.RecencyDays);
        Assert.Equal(AsOf.DayNumber - new DateOnly(2024, 1, 1).DayNumber, summary.AgeDays);
        Assert.Equal(40m, summary.MeanRepeatValue);
    }

    [Fact]
    public void FromOrders_WithSeveralOrdersOnADay_CountsTheDayOnceWithTheirSum()
    {
        // The literature's convention: transactions on one day are one purchase (the published CDNOW fit needs it).
        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), Order("o2", 2, 1, 30, 9), Order("o3", 2, 1, 20, 18)], AsOf)!;

        Assert.Equal(1, summary.X);
        Assert.Equal(50m, summary.MeanRepeatValue);
    }

    [Fact]
    public void FromOrders_WithOnlyFirstDay_HasNoRepeatsAndNoMean()
    {
        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), Order("o2", 1, 1, 15, 20)], AsOf)!;

        Assert.Equal(0, summary.X);
        Assert.Equal(0, summary.RecencyDays);
        Assert.Null(summary.MeanRepeatValue);
    }

    [Fact]
    public void FromOrders_WithFullRefund_LeavesTheOrderOut()
    {
        var refunded = Order("o2", 2, 1, 30).Merge(OrderFact.Refund("o2", null, null, new DateTimeOffset(2024, 2, 3, 0, 0, 0, TimeSpan.Zero)));

        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), refunded], AsOf)!;

        Assert.Equal(0, summary.X);
    }

    [Fact]
    public void FromOrders_AsOfBeforeTheRefund_StillCountsTheOrder()
    {
        // A run as of an earlier day sees what was known then (OrderFact.CountsBefore).
        var refunded = Order("o2", 2, 1, 30).Merge(OrderFact.Refund("o2", null, null, new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)));

        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), refunded], new DateOnly(2024, 4, 1))!;

        Assert.Equal(1, summary.X);
    }

    [Fact]
    public void FromOrders_WithPartialRefund_UsesTheNetAmount()
    {
        var part = Order("o2", 2, 1, 30).Merge(OrderFact.Refund("o2", "r1", 12m, new DateTimeOffset(2024, 2, 3, 0, 0, 0, TimeSpan.Zero)));

        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), part], AsOf)!;

        Assert.Equal(18m, summary.MeanRepeatValue);
    }

    [Fact]
    public void FromOrders_WithOrdersAfterAsOf_IgnoresThem()
    {
        var summary = CustomerSummary.FromOrders("c", [Order("o1", 1, 1, 10), Order("o2", 7, 1, 30)], AsOf)!;

        Assert.Equal(0, summary.X);
    }

    [Fact]
    public void FromOrders_WithNoCountedOrder_IsNull()
    {
        Assert.Null(CustomerSummary.FromOrders("c", [Order("o1", 7, 1, 10)], AsOf));
        Assert.Null(CustomerSummary.FromOrders("c", [], AsOf));
    }

    [Fact]
    public void RecencyAndAge_WithDays_AreWeeks()
    {
        var summary = new CustomerSummary("c", new DateOnly(1997, 1, 1), 2, 213, 272, 20m);

        Assert.Equal(213 / 7.0, summary.Recency);
        Assert.Equal(272 / 7.0, summary.Age);
    }
}
