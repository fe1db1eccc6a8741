using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Capture;

/// <summary>
/// Parses a queue message and stores the event. A message that can never be valid is recorded in the
/// failed-events table with its reason and completed (retrying it would not help); storage errors propagate
/// so the message is retried and, in the end, poisoned.
/// </summary>
public sealed class QueueEventCapture(IEventStore store, FailedEventStore failures, TimeProvider time, ILogger<QueueEventCapture> logger)
{
    public async Task CaptureAsync(QueueTriggerMessage message, Func<string, DateTimeOffset, EventParseResult> parse, CancellationToken cancellationToken)
    {
        var parsed = parse(message.Body, message.InsertedOn ?? time.GetUtcNow());
        if (!parsed.IsValid)
        {
            var reason = parsed.Describe();
            logger.LogWarning("Message {MessageId} on {Queue} rejected: {Reason}", message.MessageId, message.QueueName, reason);
            await failures.RecordAsync(message.QueueName, message.MessageId, message.Body, reason, message.DequeueCount, cancellationToken);
            return;
        }

        await store.StoreAsync([parsed.Event!], cancellationToken);
    }
}
