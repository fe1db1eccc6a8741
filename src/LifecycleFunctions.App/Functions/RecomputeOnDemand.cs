using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-requests queue (written by the admin endpoint) → a recompute as of the requested day.</summary>
public sealed class RecomputeOnDemand(LifecycleRecompute recompute, QueueShardDispatcher shards) : IQueueFunction
{
    public Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        recompute.RunAsync(RecomputeRequest.Parse(message.Body).AsOf, shards, null, cancellationToken);
}
