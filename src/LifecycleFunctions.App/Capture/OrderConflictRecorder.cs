using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Capture;

/// <summary>
/// Keeps each report of an order that contradicts the one already captured in the failed-events table, under the
/// queue it came from, with its raw JSON and what differs. The first report still counts; an operator decides.
/// Storage errors propagate: the message is retried, the claim still disagrees, and the record is written then.
/// </summary>
public sealed class OrderConflictRecorder(FailedEventStore failures, ILogger<OrderConflictRecorder> logger)
{
    /// <param name="rowOf">The failed-events row of a conflicting event: stable across redeliveries, so it is recorded once.</param>
    public async Task RecordAsync(QueueTriggerMessage message, IReadOnlyList<ConflictingOrder> conflicts, Func<CapturedEvent, string> rowOf, CancellationToken cancellationToken)
    {
        foreach (var conflict in conflicts)
        {
            var row = rowOf(conflict.Event);
            logger.LogWarning("Message {MessageId} on {Queue} contradicts an order already captured, recorded as {FailedEvent}: {Reason}", message.MessageId, message.QueueName, row, conflict.Reason);
            await failures.RecordAsync(message.QueueName, row, conflict.Event.Payload, conflict.Reason, message.DequeueCount, cancellationToken);
        }
    }
}
