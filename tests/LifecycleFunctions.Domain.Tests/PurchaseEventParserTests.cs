using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class PurchaseEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static EventParseResult Parse(string body) => PurchaseEventParser.Parse(body, ReceivedAt);

    [Fact]
    public void Parse_WithValidOrderCompleted_ReturnsOrderPurchase()
    {
        const string body = """{"type":"order_completed","orderId":"A-100","userId":"u-1","email":"ada@example.com","amount":59.90,"currency":"eur","timestamp":"2026-11-23T09:58:00Z","items":[{"sku":"SKU-1","name":"Shoe","quantity":2,"price":29.95}]}""";

        var captured = ErrorAssert.Valid(Parse(body));

        Assert.Equal(EventTypes.OrderCompleted, captured.Type);
        Assert.Equal(EventSources.Orders, captured.Source);
        Assert.Equal(SegmentEventParser.OrderCompletedEvent, captured.EventName);
        Assert.Equal("A-100", captured.OrderId);
        Assert.Equal("u-1", captured.UserId);
        Assert.Equal("ada@example.com", captured.Email);
        Assert.Equal(59.90m, captured.Amount);
        Assert.Equal("EUR", captured.Currency);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 58, 0, TimeSpan.Zero), captured.Timestamp);
        Assert.Equal("order_completed:A-100", captured.MessageId);
        Assert.Equal("order_completed:A-100", captured.DeduplicationKey);
        Assert.Equal(body, captured.Payload);
    }

    [Fact]
    public void Parse_WithOrderRefundedWithoutAmount_IsValidRefund()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"order_refunded","orderId":"A-100","anonymousId":"anon-1"}"""));

        Assert.Equal(EventTypes.OrderRefunded, captured.Type);
        Assert.Equal(SegmentEventParser.OrderRefundedEvent, captured.EventName);
        Assert.Null(captured.Amount);
        Assert.Equal(ReceivedAt, captured.Timestamp);
        Assert.Equal("order_refunded:A-100:full", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithTwoPartialRefundsOfOneOrder_KeysThemApartByAmountOrRefundId()
    {
        var first = ErrorAssert.Valid(Parse("""{"type":"order_refunded","orderId":"A-100","userId":"u-1","amount":30}"""));
        var second = ErrorAssert.Valid(Parse("""{"type":"order_refunded","orderId":"A-100","userId":"u-1","amount":"70.50"}"""));
        var withId = ErrorAssert.Valid(Parse("""{"type":"order_refunded","orderId":"A-100","userId":"u-1","amount":30,"refundId":"re-7"}"""));

        Assert.Equal("order_refunded:A-100:amount:30", first.DeduplicationKey);
        Assert.Equal("order_refunded:A-100:amount:70.5", second.DeduplicationKey);
        Assert.Equal("order_refunded:A-100:id:re-7", withId.DeduplicationKey);
        Assert.Equal("re-7", withId.RefundId);
        Assert.Equal(first.DeduplicationKey, first.MessageId);
    }

    [Fact]
    public void Parse_WithOwnMessageId_KeepsItButDeduplicatesByOrder()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"order_completed","messageId":"msg-9","orderId":"A-1","userId":"u-1","amount":1}"""));

        Assert.Equal("msg-9", captured.MessageId);
        Assert.Equal("order_completed:A-1", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithOrderCompletedWithoutAmount_ReportsRequiredAmount()
    {
        ErrorAssert.Single(Parse("""{"type":"order_completed","orderId":"A-1","userId":"u-1"}"""), "amount", "required");
    }

    [Fact]
    public void Parse_WithNegativeAmount_ReportsOnlyNonNegative()
    {
        ErrorAssert.Single(Parse("""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":-10}"""), "amount", "non-negative");
    }

    [Fact]
    public void Parse_WithAmountAsString_AcceptsMoney()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":"1234.50"}"""));

        Assert.Equal(1234.50m, captured.Amount);
    }

    [Fact]
    public void Parse_WithAmountAsNonNumericString_ReportsNumberType()
    {
        ErrorAssert.Single(Parse("""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":"12,50 €"}"""), "amount", "type:number");
    }

    [Fact]
    public void Parse_WithNumericOrderIdAndUserId_AcceptsThemAsText()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"order_completed","orderId":1001,"userId":42,"amount":5}"""));

        Assert.Equal("1001", captured.OrderId);
        Assert.Equal("42", captured.UserId);
    }

    [Fact]
    public void Parse_WithMissingOrderId_ReportsRequiredOrderId()
    {
        ErrorAssert.Single(Parse("""{"type":"order_refunded","userId":"u-1"}"""), "orderId", "required");
    }

    [Theory]
    [InlineData("Order Completed")]
    [InlineData("ORDER_COMPLETED")]
    [InlineData("order_cancelled")]
    public void Parse_WithUnknownType_ReportsOneOf(string type)
    {
        ErrorAssert.Single(Parse($$"""{"type":"{{type}}","orderId":"A-1","userId":"u-1","amount":5}"""), "type", "one-of");
    }

    [Fact]
    public void Parse_WithMissingType_ReportsRequiredType()
    {
        ErrorAssert.Single(Parse("""{"orderId":"A-1","userId":"u-1","amount":5}"""), "type", "required");
    }

    [Fact]
    public void Parse_WithNeitherUserIdNorAnonymousId_ReportsRequiredOneOf()
    {
        ErrorAssert.Single(Parse("""{"type":"order_completed","orderId":"A-1","email":"ada@example.com","amount":5}"""), "userId", "required-one-of");
    }

    [Fact]
    public void Parse_WithEmailOver320Characters_ReportsMaxLength()
    {
        var email = new string('a', 310) + "@example.com";

        ErrorAssert.Single(Parse($$"""{"type":"order_refunded","orderId":"A-1","userId":"u-1","email":"{{email}}"}"""), "email", "max-length");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("\"2\"")]
    public void Parse_WithItemQuantityNotPositiveInteger_ReportsPositiveInteger(string quantity)
    {
        var body = $$"""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5,"items":[{"sku":"S","quantity":{{quantity}},"price":5}]}""";

        ErrorAssert.Single(Parse(body), "items[0].quantity", "positive-integer");
    }

    [Fact]
    public void Parse_WithSecondItemNotAnObject_ReportsTypeObjectAtItsIndex()
    {
        var body = """{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5,"items":[{"sku":"S","quantity":1,"price":5},"SKU-2"]}""";

        ErrorAssert.Single(Parse(body), "items[1]", "type:object");
    }

    [Fact]
    public void Parse_WithNegativeItemPriceAndBadSku_ReportsBothWithItemPaths()
    {
        var body = """{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5,"items":[{"sku":"S","quantity":1},{"sku":true,"quantity":1,"price":-1}]}""";

        ErrorAssert.Exactly(Parse(body), ("items[1].sku", "type:string"), ("items[1].price", "non-negative"));
    }

    [Fact]
    public void Parse_WithItemsNotAnArray_ReportsTypeArray()
    {
        ErrorAssert.Single(Parse("""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5,"items":{"sku":"S"}}"""), "items", "type:array");
    }

    [Fact]
    public void Parse_WithSeveralProblems_ReportsEveryOneOfThem()
    {
        ErrorAssert.Exactly(
            Parse("""{"type":"order_completed","timestamp":"tomorrow","currency":"EURO"}"""),
            ("orderId", "required"),
            ("timestamp", "iso-8601"),
            ("currency", "max-length"),
            ("userId", "required-one-of"),
            ("amount", "required"));
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("order_completed A-1")]
    [InlineData("")]
    public void Parse_WithMalformedJson_ReportsJson(string body)
    {
        ErrorAssert.Single(Parse(body), "$", "json");
    }

    [Fact]
    public void Parse_WithSameOrderAsWebsiteOrderCompleted_SharesDeduplicationKey()
    {
        var website = ErrorAssert.Valid(SegmentEventParser.Parse(
            TestJson.Parse("""{"messageId":"web-1","userId":"u-1","event":"Order Completed","properties":{"order_id":"A-100","total":59.90}}"""),
            EventTypes.Track,
            ReceivedAt,
            SegmentBatchDefaults.None));
        var queue = ErrorAssert.Valid(Parse("""{"type":"order_completed","messageId":"ord-1","orderId":"A-100","userId":"u-1","amount":"59.90"}"""));

        Assert.NotEqual(website.MessageId, queue.MessageId);
        Assert.NotEqual(website.Source, queue.Source);
        Assert.Equal(website.DeduplicationKey, queue.DeduplicationKey);
        Assert.Equal(website.PersonKey, queue.PersonKey);
        Assert.Equal(website.Amount, queue.Amount);
    }

    [Fact]
    public void Parse_WithNumericOrderIdOnWebsiteAndStringInQueue_SharesDeduplicationKey()
    {
        var website = ErrorAssert.Valid(SegmentEventParser.Parse(
            TestJson.Parse("""{"userId":"u-1","event":"Order Refunded","properties":{"order_id":1001}}"""),
            EventTypes.Track,
            ReceivedAt,
            SegmentBatchDefaults.None));
        var queue = ErrorAssert.Valid(Parse("""{"type":"order_refunded","orderId":"1001","userId":"u-1"}"""));

        Assert.Equal(website.DeduplicationKey, queue.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithRefundOfZero_ReportsPositiveInsteadOfARefundInFull()
    {
        ErrorAssert.Single(Parse("""{"type":"order_refunded","orderId":"A-1","userId":"u-1","amount":0}"""), "amount", "positive");
    }

    [Fact]
    public void Parse_WithCompletionAndRefundOfSameOrder_HasDifferentDeduplicationKeys()
    {
        var completed = ErrorAssert.Valid(Parse("""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5}"""));
        var refunded = ErrorAssert.Valid(Parse("""{"type":"order_refunded","orderId":"A-1","userId":"u-1","amount":5}"""));

        Assert.NotEqual(completed.DeduplicationKey, refunded.DeduplicationKey);
    }
}
