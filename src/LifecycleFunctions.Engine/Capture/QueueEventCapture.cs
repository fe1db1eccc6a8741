using LifecycleFunctions.Domain.Capture;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>
/// Parses a queue message (one event, or a batch of them) and stores the valid events. What can never be
/// valid is recorded in the failed-events table with its reason, item by item, and the message completes
/// (retrying would not help), as is an order already captured with another amount or currency and an event the store
/// refused; storage errors propagate so the message is retried and, in the end, poisoned.
/// </summary>
public sealed class QueueEventCapture(IEventStore store, IFailedInputSink failures, StoreOutcomeRecorder outcomes, TimeProvider time, ILogger<QueueEventCapture> logger)
{
    public async Task CaptureAsync(QueueTriggerMessage message, QueueMessageItems.ItemParser parse, CancellationToken cancellationToken)
    {
        if (message.NotUtf8 is { } bytes)
        {
            // Read as text, each bad byte would be stored as U+FFFD: an event changed without a trace.
            var utf8 = Utf8Body.Inspect(bytes);
            var error = utf8.ErrorAt(utf8.InvalidOffsets[0], 0, bytes.Length, "The message body");
            var notText = EventParseResult.Invalid([error]).Describe();
            logger.LogWarning("Message {MessageId} on {Queue} rejected: {Reason}", message.MessageId, message.QueueName, notText);
            await failures.RecordBytesAsync(message.QueueName, message.MessageId, bytes, notText, message.DequeueCount, cancellationToken);
            return;
        }

        var items = QueueMessageItems.Parse(message.Body, message.InsertedOn ?? time.GetUtcNow(), parse, message.MessageId);
        foreach (var (index, result) in items.Where(i => !i.Result.IsValid))
        {
            var reason = index is { } i ? $"batch[{i}] {result.Describe()}" : result.Describe();
            logger.LogWarning("Message {MessageId} on {Queue} rejected: {Reason}", message.MessageId, message.QueueName, reason);
            await failures.RecordAsync(
                message.QueueName,
                index is { } at ? $"{message.MessageId}:{at}" : message.MessageId,
                index is null ? message.Body : result.Raw ?? message.Body,
                reason,
                message.DequeueCount,
                cancellationToken);
        }

        var valid = items.Where(i => i.Result.IsValid).Select(i => i.Result.Event!).ToList();
        if (valid.Count > 0)
        {
            // By reference: two identical items of one batch are equal records but different items.
            var indexOf = items.Where(i => i.Result.IsValid).ToDictionary<(int? Index, EventParseResult Result), CapturedEvent, int?>(i => i.Result.Event!, i => i.Index, ReferenceEqualityComparer.Instance);
            var stored = await store.StoreAsync(valid, cancellationToken);
            await outcomes.RecordAsync(
                message,
                stored,
                e => indexOf[e] is { } at ? $"{message.MessageId}:{at}" : message.MessageId,
                cancellationToken);
        }
    }
}
