using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-requests queue (written by the admin endpoint) → a recompute as of the requested day, then the workbook.</summary>
public sealed class RecomputeOnDemand(LifecycleRecompute recompute, QueueShardDispatcher shards, FunnelWorkbookPublisher workbooks) : IQueueFunction
{
    public async Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        var result = await recompute.RunOnDemandAsync(RecomputeRequest.Parse(message.Body).AsOf, shards, null, cancellationToken);
        if (!result.Skipped)
        {
            await workbooks.PublishAsync(result.Run!.AsOf, null, cancellationToken);
        }
    }
}
