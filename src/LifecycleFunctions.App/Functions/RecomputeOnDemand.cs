using Azure.Storage.Queues.Models;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-requests queue (written by the admin endpoint) → a recompute as of the requested day, then the workbook.</summary>
public sealed class RecomputeOnDemand(LifecycleRecompute recompute, QueueShardDispatcher shards, FunnelWorkbookPublisher workbooks)
{
    [Function(nameof(RecomputeOnDemand))]
    public async Task RunAsync([QueueTrigger(RecomputeQueues.Requests)] QueueMessage message, CancellationToken cancellationToken)
    {
        var request = RecomputeRequest.Parse(QueueTriggerMessage.From(RecomputeQueues.Requests, message).Body);
        var result = await recompute.RunOnDemandAsync(request.AsOf, shards, null, cancellationToken);
        if (!result.Skipped)
        {
            await workbooks.PublishAsync(result.Run!.AsOf, null, cancellationToken);
        }
    }
}
