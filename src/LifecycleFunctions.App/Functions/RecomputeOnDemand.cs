using Azure.Storage.Queues.Models;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-requests queue (written by the admin endpoint) → a recompute as of the requested day, then the workbook.</summary>
public sealed class RecomputeOnDemand(RecomputeAndPublish recompute, QueueShardDispatcher shards)
{
    [Function(nameof(RecomputeOnDemand))]
    public Task RunAsync([QueueTrigger(RecomputeQueues.Requests)] QueueMessage message, CancellationToken cancellationToken) =>
        recompute.RunOnDemandAsync(
            RecomputeRequest.Parse(message.ToTriggerMessage(RecomputeQueues.Requests).Body).AsOf, shards, null, null, cancellationToken);
}
