using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public class OrderFactTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);

    // As the person-state serializer's: web names, nulls left out.
    private static readonly System.Text.Json.JsonSerializerOptions StateJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static OrderFact Completed(DateTimeOffset at, decimal amount) => OrderFact.Completion("o-1", at, amount);

    private static OrderFact Refunded(decimal amount, string? refundId = null) => OrderFact.Refund("o-1", refundId, amount == 0 ? null : amount, null);

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
        Assert.Equal(30m, Assert.Single(Refunded(30m).Merge(Completed(Day1, 100m)).Refunds).Amount);
    }

    [Fact]
    public void Merge_WithTwoCompletions_KeepsEarliestTimeWithItsAmountInEitherOrder()
    {
        var early = Completed(Day1, 100m);
        var late = Completed(Day2, 90m);

        Assert.Equal(Completed(Day1, 100m), early.Merge(late));
        Assert.Equal(Completed(Day1, 100m), late.Merge(early));
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

    [Fact]
    public void Merge_WithTwoPartialRefundsAddingUpToTheOrder_IsFullRefund()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(30m)).Merge(Refunded(70m));

        Assert.False(order.Counts);
        Assert.Equal(0m, order.NetAmount);
        Assert.Equal(2, order.Refunds.Count);
    }

    [Fact]
    public void Merge_WithTwoPartialRefunds_SubtractsBoth()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(30m)).Merge(Refunded(20m));

        Assert.True(order.Counts);
        Assert.Equal(50m, order.NetAmount);
    }

    [Fact]
    public void Merge_WithTheSameRefundReportedTwice_SubtractsItOnce()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(30m)).Merge(Refunded(30.00m));

        Assert.Equal(70m, order.NetAmount);
        Assert.Single(order.Refunds);
    }

    [Fact]
    public void Merge_WithTwoRefundsOfTheSameAmountAndTheirIds_SubtractsBoth()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(30m, "r-1")).Merge(Refunded(30m, "r-2")).Merge(Refunded(30m, "r-1"));

        Assert.Equal(40m, order.NetAmount);
    }

    [Fact]
    public void Merge_WithRefundWithoutAmountAndAPartialOne_IsFullRefund()
    {
        var order = Completed(Day1, 100m).Merge(Refunded(10m)).Merge(Refunded(0m));

        Assert.False(order.Counts);
        Assert.Equal(0m, order.NetAmount);
    }

    [Fact]
    public void Merge_WithRefundsInAnyOrder_GivesTheSameFact()
    {
        var parts = new[] { Completed(Day1, 100m), Refunded(30m), Refunded(20m, "r-9"), Refunded(30m) };

        Assert.Equal(parts.Aggregate((a, b) => a.Merge(b)), parts.Reverse().Aggregate((a, b) => a.Merge(b)));
    }

    [Fact]
    public void NetAmountBefore_WithTwoDatedPartialRefunds_SubtractsEachFromItsDayOn()
    {
        var order = Completed(Day1, 100m)
            .Merge(OrderFact.Refund("o-1", null, 30m, Day1.AddDays(5)))
            .Merge(OrderFact.Refund("o-1", null, 70m, Day1.AddDays(10)));

        Assert.Equal(100m, order.NetAmountBefore(Day1.AddDays(2)));
        Assert.Equal(70m, order.NetAmountBefore(Day1.AddDays(7)));
        Assert.True(order.CountsBefore(Day1.AddDays(7)));
        Assert.False(order.CountsBefore(Day1.AddDays(11)));
    }

    [Fact]
    public void Deserialize_WithStateWrittenBeforeRefundsWereKeptOneByOne_ReadsItsRefund()
    {
        var json = """{"orderId":"o-1","completedAt":"2024-01-01T12:00:00+00:00","amount":100,"refunded":true,"refundedAmount":30,"refundedAt":"2024-01-05T00:00:00+00:00","counts":true,"netAmount":70}""";

        var order = System.Text.Json.JsonSerializer.Deserialize<OrderFact>(json, StateJson)!;

        Assert.Equal(Completed(Day1, 100m).Merge(OrderFact.Refund("o-1", null, 30m, new DateTimeOffset(2024, 1, 5, 0, 0, 0, TimeSpan.Zero))), order);
        Assert.DoesNotContain("refundedAmount", System.Text.Json.JsonSerializer.Serialize(order, StateJson), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WithRefundsAndWithout_RoundTripsAndLeavesAnEmptyListOut()
    {
        var refunded = Completed(Day1, 100m).Merge(Refunded(30m)).Merge(Refunded(20m, "r-1"));
        var plain = Completed(Day1, 100m);

        Assert.Equal(refunded, System.Text.Json.JsonSerializer.Deserialize<OrderFact>(System.Text.Json.JsonSerializer.Serialize(refunded, StateJson), StateJson));
        Assert.DoesNotContain("refund", System.Text.Json.JsonSerializer.Serialize(plain, StateJson), StringComparison.OrdinalIgnoreCase);
    }
}
