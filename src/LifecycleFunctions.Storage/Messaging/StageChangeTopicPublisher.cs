using Azure.Messaging.ServiceBus;

namespace LifecycleFunctions.Storage.Messaging;

/// <summary>
/// Publishes stage changes to the Service Bus topic, one message per change. A failed send throws: the caller
/// (the queue function relaying the stage-changes queue) leaves the change on the queue to be tried again.
/// </summary>
public sealed class StageChangeTopicPublisher(ServiceBusSender sender)
{
    public Task PublishAsync(string change, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(StageChangeMessage.From(change), cancellationToken);
}
