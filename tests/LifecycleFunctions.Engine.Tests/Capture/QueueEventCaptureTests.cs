using System.Text;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleFunctions.Engine.Tests.Capture;

public class QueueEventCaptureTests
{
    private const string Queue = "ad-events";
    private const string Impression =
        """{"type":"impression","messageId":"imp-1","timestamp":"2026-11-22T18:00:00Z","channel":"meta","campaign":"bf-2026","count":250}""";
    private const string Click = """{"type":"click","channel":"google","campaign":"search","clickId":"gclid-abc","anonymousId":"anon-1"}""";

    private readonly ScriptedEventStore _store = new();
    private readonly RecordingFailedInputSink _failures = new();

    [Fact]
    public async Task CaptureAsync_WithBatchHoldingAnInvalidItem_RecordsThatItemUnderItsIndexAndStoresTheOthers()
    {
        var invalid = """{"type":"impression","messageId":"imp-2"}""";
        var message = Message("m-1", $$"""{"batch":[{{Impression}},{{invalid}},{{Click}}]}""", dequeueCount: 2);

        await Capture().CaptureAsync(message, AdEventParser.Parse, CancellationToken.None);

        Assert.Equal(["imp-1", "gclid-abc"], _store.Stored.Select(e => e.MessageId));
        var failure = Assert.Single(_failures.Recorded);
        Assert.Equal((Queue, "m-1:1", invalid, 2L), (failure.Queue, failure.MessageId, failure.RawBody, failure.DequeueCount));
        Assert.StartsWith("batch[1] ", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaptureAsync_WithBodyThatIsNotUtf8_RecordsItsBytesAndStoresNothing()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Impression[..20]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(Impression[20..])];
        var message = Message("m-2", Encoding.UTF8.GetString(bytes)) with { NotUtf8 = bytes };

        await Capture().CaptureAsync(message, AdEventParser.Parse, CancellationToken.None);

        Assert.Empty(_store.Stored);
        var failure = Assert.Single(_failures.Recorded);
        Assert.Equal((Queue, "m-2"), (failure.Queue, failure.MessageId));
        Assert.Equal(bytes, failure.Bytes);
        Assert.Contains("utf-8", failure.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CaptureAsync_WithEventsTheStoreRefusesOrFindsConflicting_RecordsEachWithTheStoresReason()
    {
        _store.Refuse["imp-1"] = "too large";
        _store.Conflict["gclid-abc"] = "another amount";
        var message = Message("m-3", $$"""{"batch":[{{Impression}},{{Click}}]}""");

        await Capture().CaptureAsync(message, AdEventParser.Parse, CancellationToken.None);

        Assert.Empty(_store.Stored);
        Assert.Equal(
            [("m-3:1", "another amount", Click), ("m-3:0", "too large", Impression)],
            _failures.Recorded.Select(f => (f.MessageId, f.Reason, f.RawBody)));
    }

    private QueueEventCapture Capture() => new(
        _store,
        _failures,
        new StoreOutcomeRecorder(_failures, NullLogger<StoreOutcomeRecorder>.Instance),
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)),
        NullLogger<QueueEventCapture>.Instance);

    private static QueueTriggerMessage Message(string id, string body, long dequeueCount = 1) =>
        new(Queue, id, body, dequeueCount, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
}
