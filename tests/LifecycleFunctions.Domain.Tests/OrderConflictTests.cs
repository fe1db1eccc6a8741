using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class OrderConflictTests
{
    private static CapturedEvent Report(string type, decimal? amount, string? currency, string? refundId = null) => new()
    {
        MessageId = "m-2",
        Type = type,
        Source = EventSources.Orders,
        UserId = "u-1",
        OrderId = "123",
        RefundId = refundId,
        Amount = amount,
        Currency = currency,
        Timestamp = DateTimeOffset.UnixEpoch,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Payload = "{}",
    };

    [Fact]
    public void Explain_WithAnotherAmount_SaysBothFigures()
    {
        var reason = OrderConflict.Explain(Report(EventTypes.OrderCompleted, 45.00m, "USD"), 40.00m, "USD", EventSources.Website);

        Assert.StartsWith("order 123 was already captured with amount 40.00 USD (reported by website); this message says amount 45.00 USD.", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WithAnotherCurrency_SaysBothFigures()
    {
        var reason = OrderConflict.Explain(Report(EventTypes.OrderCompleted, 40m, "EUR"), 40m, "USD", null);

        Assert.StartsWith("order 123 was already captured with amount 40 USD; this message says amount 40 EUR.", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WithRefundOfAnotherAmountUnderTheSameRefundId_NamesTheRefund()
    {
        var reason = OrderConflict.Explain(Report(EventTypes.OrderRefunded, 12m, null, refundId: "re-1"), 10m, null, null);

        Assert.StartsWith("refund re-1 of order 123 was already captured with amount 10; this message says amount 12.", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("40", "USD", "40.00", "USD")]   // the same amount at another scale
    [InlineData("40", "usd", "40", "USD")]      // currency case
    [InlineData("40", null, "40", "USD")]       // the website left the currency out
    [InlineData("40", "USD", "40", null)]
    public void Explain_WithTheSameFiguresOrOnlyOneSideStatingOne_ReturnsNull(string amount, string? currency, string capturedAmount, string? capturedCurrency)
    {
        var later = Report(EventTypes.OrderCompleted, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Null(OrderConflict.Explain(later, decimal.Parse(capturedAmount, System.Globalization.CultureInfo.InvariantCulture), capturedCurrency, null));
    }

    [Fact]
    public void Explain_WithFullRefundAgainstOneThatSpeltOutItsAmount_ReturnsNull()
    {
        Assert.Null(OrderConflict.Explain(Report(EventTypes.OrderRefunded, null, null, refundId: "re-1"), 59.90m, "USD", null));
    }
}
