using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>Moves the events of one website-events message into the event store; orders that contradict one already
/// captured, and events the store refuses, go to the failed-events table.</summary>
public sealed class WebsiteEventIngestion(IWebsiteEventQueue queue, IEventStore store, IFailedInputSink failures, StoreOutcomeRecorder outcomes, ILogger<WebsiteEventIngestion> logger)
{
    public async Task StoreAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        WebsiteEventPayload payload;
        try
        {
            payload = await queue.ReadAsync(message.Body, cancellationToken);
        }
        catch (JsonException ex)
        {
            // Only the collection functions write this queue; a body they did not write is kept for a human to look at.
            logger.LogWarning(ex, "Message {MessageId} on {Queue} is not a website-events message", message.MessageId, message.QueueName);
            await failures.RecordAsync(message.QueueName, message.MessageId, message.Body, $"Not a website-events message: {ex.Message}", message.DequeueCount, cancellationToken);
            return;
        }

        var stored = await store.StoreAsync(payload.Events, cancellationToken);
        // The collector answered 200 long ago (Segment's libraries ignore the body anyway): this table is where it shows.
        await outcomes.RecordAsync(message, stored, e => e.MessageId, cancellationToken);
        if (payload.OverflowBlob is not null)
        {
            await queue.DeleteOverflowAsync(payload.OverflowBlob, cancellationToken);
        }
    }
}
