using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

/// <summary>
/// Input that JSON lets be read two ways is refused with its path rather than read one way silently: a key twice
/// in one object, and an amount with more digits than it is kept with.
/// </summary>
public sealed class AmbiguousJsonTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static EventParseResult Segment(string json) =>
        SegmentEventParser.Parse(TestJson.Parse(json), null, ReceivedAt, SegmentBatchDefaults.None);

    [Theory]
    [InlineData("""{"type":"track","userId":"u-1","userId":"u-2","event":"E"}""", "userId")]
    [InlineData("""{"type":"track","userId":"u-1","event":"Order Completed","properties":{"order_id":"o-1","total":10,"total":1000}}""", "properties.total")]
    [InlineData("""{"type":"page","userId":"u-1","context":{"campaign":{"name":"a","name":"b"}}}""", "context.campaign.name")]
    [InlineData("""{"type":"identify","userId":"u-1","traits":{"email":"a@x","email":"b@x"}}""", "traits.email")]
    [InlineData("""{"type":"track","userId":"u-1","event":"E","properties":{"products":[{"price":1},{"price":2,"price":3}]}}""", "properties.products[1].price")]
    [InlineData("""{"type":"track","userId":"u-1","event":"E","properties":{"a":1,"\u0061":2}}""", "properties.a")]
    public void SegmentParse_WithAKeyTwiceInOneObject_ReportsDuplicateKeyWithItsPath(string json, string path)
    {
        ErrorAssert.Single(Segment(json), path, "duplicate-key");
    }

    [Fact]
    public void SegmentParse_WithTheSameKeyInTwoObjects_IsValid()
    {
        ErrorAssert.Valid(Segment("""{"type":"track","userId":"u-1","event":"E","properties":{"name":"a"},"context":{"page":{"name":"b"}}}"""));
    }

    [Fact]
    public void SegmentParse_WithAKeyHoldingAnUnpairedSurrogateTwice_ReportsDuplicateKeyInsteadOfThrowing()
    {
        ErrorAssert.Single(Segment("""{"type":"track","userId":"u-1","event":"E","properties":{"\ud800":1,"\ud800":2}}"""), "properties.\"\\ud800\"", "duplicate-key");
    }

    [Theory]
    [InlineData("""{"type":"click","channel":"c","campaign":"k","cost":1,"cost":2}""", "cost")]
    [InlineData("""{"type":"click","channel":"c","campaign":"k","campaign":"j"}""", "campaign")]
    public void AdParse_WithAKeyTwice_ReportsDuplicateKey(string body, string path)
    {
        ErrorAssert.Single(AdEventParser.Parse(body, ReceivedAt), path, "duplicate-key");
    }

    [Theory]
    [InlineData("""{"type":"order_completed","orderId":"o","userId":"u","amount":5,"amount":500}""", "amount")]
    [InlineData("""{"type":"order_completed","orderId":"o","userId":"u","amount":5,"items":[{"sku":"a","sku":"b"}]}""", "items[0].sku")]
    public void PurchaseParse_WithAKeyTwice_ReportsDuplicateKey(string body, string path)
    {
        ErrorAssert.Single(PurchaseEventParser.Parse(body, ReceivedAt), path, "duplicate-key");
    }

    [Fact]
    public void QueueBatchParse_WithBatchTwice_RefusesTheMessage()
    {
        const string item = """{"type":"order_completed","orderId":"o","userId":"u","amount":5}""";

        var results = QueueMessageItems.Parse("{\"batch\":[" + item + "],\"batch\":[" + item + "]}", ReceivedAt, PurchaseEventParser.Parse, "q-1");

        var (index, result) = Assert.Single(results);
        Assert.Null(index);
        ErrorAssert.Single(result, "batch", "duplicate-key");
    }

    [Fact]
    public void QueueBatchParse_WithAKeyTwiceInOneItem_RefusesThatItemOnly()
    {
        const string good = """{"type":"order_completed","orderId":"o-1","userId":"u","amount":5}""";
        const string twice = """{"type":"order_completed","orderId":"o-2","userId":"u","amount":5,"amount":6}""";

        var results = QueueMessageItems.Parse("{\"batch\":[" + good + "," + twice + "]}", ReceivedAt, PurchaseEventParser.Parse, "q-1");

        ErrorAssert.Valid(results[0].Result);
        ErrorAssert.Single(results[1].Result, "amount", "duplicate-key");
    }

    [Theory]
    [InlineData("1e-30")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("1.00000000000000000000000000001")]
    [InlineData("1234567890123456789012345678.95")]
    [InlineData("\"1e-30\"")]
    [InlineData("\"59.900000000000000000000000000001\"")]
    public void SegmentParse_WithAnOrderTotalADecimalCannotHold_ReportsPrecision(string total)
    {
        var json = "{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o-1\",\"total\":" + total + "}}";

        ErrorAssert.Single(Segment(json), "properties.total", "precision");
    }

    [Theory]
    [InlineData("1e-30", "cost")]
    public void AdParse_WithACostADecimalCannotHold_ReportsPrecision(string cost, string path)
    {
        ErrorAssert.Single(AdEventParser.Parse($$"""{"type":"click","channel":"c","campaign":"k","cost":{{cost}}}""", ReceivedAt), path, "precision");
    }

    /// <summary>AmountLimit: the recompute adds amounts up, so one past ±1e15 is refused where it is sent, whatever carries it.</summary>
    [Theory]
    [InlineData("\"amount\":1000000000000000.01", "amount")]
    [InlineData("\"amount\":\"79228162514264337593543950335\"", "amount")]
    [InlineData("\"amount\":5,\"items\":[{\"sku\":\"a\",\"price\":2e15}]", "items[0].price")]
    public void PurchaseParse_WithAnAmountPastTheLimit_ReportsRange(string fields, string path)
    {
        ErrorAssert.Single(PurchaseEventParser.Parse($$"""{"type":"order_completed","orderId":"o","userId":"u",{{fields}}}""", ReceivedAt), path, "range");
    }

    [Fact]
    public void AdParse_WithACostPastTheLimit_ReportsRange()
    {
        ErrorAssert.Single(AdEventParser.Parse("""{"type":"impression","channel":"c","campaign":"k","cost":1e16}""", ReceivedAt), "cost", "range");
    }

    [Theory]
    [InlineData("\"amount\":1e-30", "amount")]
    [InlineData("\"amount\":5,\"items\":[{\"sku\":\"a\",\"price\":0.000000000000000000000000000001}]", "items[0].price")]
    public void PurchaseParse_WithAnAmountADecimalCannotHold_ReportsPrecision(string fields, string path)
    {
        ErrorAssert.Single(PurchaseEventParser.Parse($$"""{"type":"order_completed","orderId":"o","userId":"u",{{fields}}}""", ReceivedAt), path, "precision");
    }

    [Theory]
    [InlineData("59.90", "59.90")]
    [InlineData("5990e-2", "59.90")]
    [InlineData("1E2", "100")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("1000000000000000", "1000000000000000")]
    [InlineData("999999999999999.9999999999999", "999999999999999.9999999999999")]
    [InlineData("0", "0")]
    [InlineData("0e-40", "0")]
    [InlineData("\"59.90\"", "59.90")]
    [InlineData("\" 59.9 \"", "59.9")]
    [InlineData("\".5\"", "0.5")]
    public void SegmentParse_WithAnOrderTotalKeptExactly_StoresIt(string total, string expected)
    {
        var json = "{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o-1\",\"total\":" + total + "}}";

        var captured = ErrorAssert.Valid(Segment(json));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), captured.Amount);
    }
}
