using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Storage.Queues;

/// <summary>A body sent as it is onto a Storage queue.</summary>
public sealed class QueueSender(StorageClients clients) : IQueueSender
{
    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken) =>
        await clients.Queue(queue).SendMessageAsync(body, cancellationToken);
}
