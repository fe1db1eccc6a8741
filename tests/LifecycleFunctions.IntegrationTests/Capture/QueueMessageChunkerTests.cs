using System.Text.Json;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage.Queues;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>Pure tests of the website-events message format; no storage involved.</summary>
public sealed class QueueMessageChunkerTests
{
    [Fact]
    public void Pack_WithFullBatchOfTypicalEvents_FitsEveryMessageUnderTheLimitAndLosesNothing()
    {
        var events = Enumerable.Range(0, 2500).Select(i => Event($"m-{i}", JsonSerializer.Serialize(new { @event = "Viewed", i, url = "https://shop.example.com/p/" + i }))).ToList();

        var chunks = QueueMessageChunker.Pack(events);

        Assert.All(chunks, c => Assert.True(c.Body.Length <= QueueMessageChunker.DefaultMaxMessageBytes && !c.Oversized));
        var unpacked = chunks.SelectMany(c => QueueMessageChunker.Unpack(JsonSerializer.Deserialize<WebsiteEventMessage>(c.Body, QueueMessageChunker.Json)!)!).ToList();
        Assert.Equal(events.Select(e => e.MessageId), unpacked.Select(e => e.MessageId));
        Assert.Equal(events[1234].Payload, unpacked[1234].Payload);
        Assert.Equal(2500, chunks.Sum(c => c.EventCount));
    }

    [Fact]
    public void Pack_WithCompressibleEvents_PutsManyEventsInOneMessage()
    {
        var events = Enumerable.Range(0, 500).Select(i => Event($"m-{i}", "{\"context\":{\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\"}}")).ToList();

        var chunks = QueueMessageChunker.Pack(events);

        Assert.Single(chunks);
    }

    [Fact]
    public void Pack_WithIncompressibleEventOverTheLimit_MarksItOversized()
    {
        var noise = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6000));

        var chunk = Assert.Single(QueueMessageChunker.Pack([Event("big", JsonSerializer.Serialize(new { noise }))], maxMessageBytes: 4096));

        Assert.True(chunk.Oversized);
    }

    [Fact]
    public void Unpack_WithUnknownEncoding_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => QueueMessageChunker.Unpack(new WebsiteEventMessage { Encoding = "brotli", Data = "AAAA" }));
    }

    [Fact]
    public void Unpack_WithDataThatIsNotGzip_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => QueueMessageChunker.Unpack(new WebsiteEventMessage { Encoding = "gzip", Data = Convert.ToBase64String("plain text"u8.ToArray()) }));
    }

    private static CapturedEvent Event(string messageId, string payload) => new()
    {
        MessageId = messageId,
        Type = EventTypes.Track,
        Source = EventSources.Website,
        EventName = "Viewed",
        AnonymousId = "anon-" + messageId,
        Timestamp = DateTimeOffset.UnixEpoch,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Payload = payload,
    };
}
