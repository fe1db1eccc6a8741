using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-requests queue (written by the admin endpoint) → a recompute as of the requested day, then the workbook.</summary>
public sealed class RecomputeOnDemand(RecomputeAndPublish recompute, QueueShardDispatcher shards) : IQueueFunction
{
    public Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        recompute.RunOnDemandAsync(RecomputeRequest.Parse(message.Body).AsOf, shards, null, null, cancellationToken);
}
