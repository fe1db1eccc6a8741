using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class RawJsonConverterTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions RawOptions = new() { Converters = { new RawJsonConverter() } };

    private static CapturedEvent ParsedEvent(string json) => ErrorAssert.Valid(
        SegmentEventParser.Parse(TestJson.Parse(json), EventTypes.Track, ReceivedAt, SegmentBatchDefaults.None));

    [Fact]
    public void Serialize_WithCapturedEvent_WritesPayloadAsJsonObjectNotString()
    {
        var captured = ParsedEvent("""{"messageId":"m-1","userId":"u-1","event":"Clicked","properties":{"button":"buy"}}""");

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(captured));
        var payload = document.RootElement.GetProperty(nameof(CapturedEvent.Payload));

        Assert.Equal(JsonValueKind.Object, payload.ValueKind);
        Assert.Equal("buy", payload.GetProperty("properties").GetProperty("button").GetString());
    }

    [Fact]
    public void Serialize_WithPayloadNeedingEscapes_IsShorterThanAnEscapedString()
    {
        var captured = ParsedEvent("""{"userId":"u-1","event":"Clicked","properties":{"q":"\"quoted\"","path":"a/b","name":"Zoë"}}""");

        var asRaw = JsonSerializer.Serialize(captured);
        var asString = JsonSerializer.Serialize(captured.Payload);

        Assert.DoesNotContain(asString, asRaw, StringComparison.Ordinal);
        Assert.Contains("\"Payload\":{", asRaw, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_WithCapturedEvent_KeepsPayloadJsonEquivalent()
    {
        const string json = """
            {
              "messageId": "m-1",
              "userId": "u-1",
              "event": "Order Completed",
              "properties": { "order_id": "A-1", "total": 59.90, "items": [ { "sku": "S", "price": 1e2 } ], "note": "Zoë \"VIP\" \u00e9" },
              "context": { "campaign": { "source": "newsletter" } }
            }
            """;
        var captured = ParsedEvent(json);

        var restored = JsonSerializer.Deserialize<CapturedEvent>(JsonSerializer.Serialize(captured));

        Assert.NotNull(restored);
        Assert.True(TestJson.AreEquivalent(json, restored.Payload), restored.Payload);
        Assert.True(TestJson.AreEquivalent(captured.Payload, restored.Payload), restored.Payload);
    }

    [Fact]
    public void RoundTrip_WithCompactPayload_RestoresAnEqualEvent()
    {
        var captured = ParsedEvent("""{"messageId":"m-1","userId":"u-1","anonymousId":"anon-1","event":"Order Completed","properties":{"order_id":"A-1","total":"59.90","currency":"eur"},"context":{"campaign":{"source":"google","medium":"cpc"},"page":{"referrer":"https://google.com/"}}}""");

        var restored = JsonSerializer.Deserialize<CapturedEvent>(JsonSerializer.Serialize(captured));

        Assert.Equal(captured, restored);
        Assert.Equal(captured.DeduplicationKey, restored!.DeduplicationKey);
    }

    [Fact]
    public void RoundTrip_WithQueueMessage_KeepsPayloadJsonEquivalent()
    {
        const string body = """{ "type": "order_completed", "orderId": 1001, "userId": "u-1", "amount": "10.00", "items": [] }""";
        var captured = ErrorAssert.Valid(PurchaseEventParser.Parse(body, ReceivedAt));

        var restored = JsonSerializer.Deserialize<CapturedEvent>(JsonSerializer.Serialize(captured));

        Assert.NotNull(restored);
        Assert.True(TestJson.AreEquivalent(body, restored.Payload), restored.Payload);
    }

    [Fact]
    public void Read_WithNestedObject_ReturnsItsRawText()
    {
        var text = JsonSerializer.Deserialize<string>("""{"a":[1,2,{"b":null}]}""", RawOptions);

        Assert.Equal("""{"a":[1,2,{"b":null}]}""", text);
    }

    [Fact]
    public void Write_WithPayloadThatIsNotJson_Throws()
    {
        var captured = ParsedEvent("""{"userId":"u-1","event":"Clicked"}""") with { Payload = "{not json" };

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Serialize(captured));
    }
}
