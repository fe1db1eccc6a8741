using Azure.Storage.Queues.Models;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>
/// stage-changes Storage queue → the Service Bus topic (ServiceBus:Topic), one message per change. The engine
/// keeps writing its notifications to the Storage queue, its durable outbox; a failed send throws, so the change
/// stays on the queue for its retries and in the end its -poison queue. On only when Service Bus is configured.
/// </summary>
[RequiresServiceBus]
public sealed class PublishStageChanges(StageChangeTopicPublisher publisher)
{
    [Function(nameof(PublishStageChanges))]
    public Task RunAsync([QueueTrigger(StorageNames.StageChangesQueue)] QueueMessage message, CancellationToken cancellationToken) =>
        publisher.PublishAsync(message.ToTriggerMessage(StorageNames.StageChangesQueue).Body, cancellationToken);
}
