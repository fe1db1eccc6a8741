using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public class OrderFactTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);

    private static OrderFact Completed(DateTimeOffset at, decimal amount) => new("o-1", at, amount, false, 0m);

    private static OrderFact Refunded(decimal amount) => new("o-1", null, 0m, true, amount);

    [Theory]
    [InlineData(null, true, 100.0)]
    [InlineData(30.0, true, 70.0)]
    [InlineData(99.99, true, 0.01)]
    [InlineData(100.0, false, 0.0)]
    [InlineData(150.0, false, 0.0)]
    public void Counts_WithRefundOfAmount_CountsOnlyPartialRefunds(double? refunded, bool counts, double net)
    {
        var order = refunded is { } amount ? Completed(Day1, 100m).Merge(Refunded((decimal)amount)) : Completed(Day1, 100m);

        Assert.Equal(counts, order.Counts);
        Assert.Equal((decimal)net, order.NetAmount);
    }

    [Fact]
    public void Counts_WithRefundWithoutAmount_IsFullRefund()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(0m));

        Assert.False(order.Counts);
        Assert.Equal(0m, order.NetAmount);
    }

    [Fact]
    public void Counts_WithRefundOnly_IsFalse()
    {
        Assert.False(Refunded(10m).Counts);
        Assert.Equal(0m, Refunded(10m).NetAmount);
    }

    [Fact]
    public void Merge_WithRefundFirst_EqualsOrderFirst()
    {
        Assert.Equal(Completed(Day1, 100m).Merge(Refunded(30m)), Refunded(30m).Merge(Completed(Day1, 100m)));
        Assert.Equal(new OrderFact("o-1", Day1, 100m, true, 30m), Refunded(30m).Merge(Completed(Day1, 100m)));
    }

    [Fact]
    public void Merge_WithTwoCompletions_KeepsEarliestTimeWithItsAmountInEitherOrder()
    {
        var early = Completed(Day1, 100m);
        var late = Completed(Day2, 90m);

        Assert.Equal(new OrderFact("o-1", Day1, 100m, false, 0m), early.Merge(late));
        Assert.Equal(new OrderFact("o-1", Day1, 100m, false, 0m), late.Merge(early));
    }

    [Fact]
    public void Merge_WithTwoCompletionsAtSameTime_KeepsLargerAmountInEitherOrder()
    {
        Assert.Equal(120m, Completed(Day1, 100m).Merge(Completed(Day1, 120m)).Amount);
        Assert.Equal(120m, Completed(Day1, 120m).Merge(Completed(Day1, 100m)).Amount);
    }

    [Fact]
    public void Merge_WithItself_ChangesNothing()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(30m));

        Assert.Equal(order, order.Merge(order));
    }
}
