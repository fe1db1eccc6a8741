using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class PurchaseHistoryTests
{
    [Fact]
    public void From_WithSeveralOrdersOnOneDay_KeepsOneDayAndTheFirstApart()
    {
        var history = PurchaseHistory.From("a", [Day(9), Day(3), Day(3), Day(9), Day(12)])!;

        Assert.Equal(Day(3), history.FirstPurchase);
        Assert.Equal([Day(9), Day(12)], history.RepeatDays);
    }

    [Fact]
    public void From_WithNoDay_IsNull()
    {
        Assert.Null(PurchaseHistory.From("a", []));
    }

    [Theory]
    [InlineData(2, 0, null)]
    [InlineData(3, 0, 3)]
    [InlineData(8, 0, 3)]
    [InlineData(9, 1, 9)]
    [InlineData(11, 1, 9)]
    [InlineData(31, 2, 12)]
    public void RepeatsAndLastThrough_WithDay_CountUpToAndIncludingIt(int day, int repeats, int? last)
    {
        var history = PurchaseHistory.From("a", [Day(3), Day(9), Day(12)])!;

        Assert.Equal(repeats, history.RepeatsThrough(Day(day)));
        Assert.Equal(last is null ? null : Day(last.Value), history.LastThrough(Day(day)));
    }

    [Fact]
    public void FromOrders_WithRefundedAndLaterOrders_KeepsTheDaysThatCountAsOfTheDay()
    {
        // The same orders CustomerSummary.FromOrders counts: completed by the end of the day, not refunded in full.
        var orders = new[]
        {
            OrderFact.Completion("o1", Noon(3), 10m),
            OrderFact.Completion("o2", Noon(5), 20m).Merge(OrderFact.Refund("o2", "r1", 20m, Noon(6))),
            OrderFact.Completion("o3", Noon(9), 30m),
            OrderFact.Completion("o4", Noon(20), 40m),
        };

        var history = PurchaseHistory.FromOrders("a", orders, Day(15))!;
        var summary = CustomerSummary.FromOrders("a", orders, Day(15))!;

        Assert.Equal([Day(9)], history.RepeatDays);
        Assert.Equal(summary.X, history.RepeatsThrough(Day(15)));
        Assert.Equal(summary.FirstPurchase, history.FirstPurchase);
    }

    private static DateOnly Day(int january) => new(2024, 1, january);

    private static DateTimeOffset Noon(int january) => new(2024, 1, january, 12, 0, 0, TimeSpan.Zero);
}
