using LifecycleFunctions.Domain.Capture;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>
/// Keeps what a store call did not count in the failed-events table, under the queue it came from, with its raw
/// JSON and why: each report of an order that contradicts the one already captured (the first report still
/// counts; an operator decides), and each event the store refused for what it holds (the message's other
/// events are stored; retrying would be refused the same way). Storage errors propagate: the message is
/// retried, and the outcome is the same then, so the record is written then.
/// </summary>
public sealed class StoreOutcomeRecorder(IFailedInputSink failures, ILogger<StoreOutcomeRecorder> logger)
{
    /// <param name="rowOf">The failed-events row of an event: stable across redeliveries, so it is recorded once.</param>
    public async Task RecordAsync(QueueTriggerMessage message, StoreResult stored, Func<CapturedEvent, string> rowOf, CancellationToken cancellationToken)
    {
        foreach (var conflict in stored.Conflicts)
        {
            var row = rowOf(conflict.Event);
            logger.LogWarning("Message {MessageId} on {Queue} contradicts an order already captured, recorded as {FailedEvent}: {Reason}", message.MessageId, message.QueueName, row, conflict.Reason);
            await failures.RecordAsync(message.QueueName, row, conflict.Event.Payload, conflict.Reason, message.DequeueCount, cancellationToken);
        }

        foreach (var refused in stored.Refused)
        {
            var row = rowOf(refused.Event);
            logger.LogWarning("Message {MessageId} on {Queue} holds an event the store refused, recorded as {FailedEvent}: {Reason}", message.MessageId, message.QueueName, row, refused.Reason);
            await failures.RecordAsync(message.QueueName, row, refused.Event.Payload, refused.Reason, message.DequeueCount, cancellationToken);
        }
    }
}
