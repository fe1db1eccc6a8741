using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>The nightly timer: recomputes as of the last complete UTC day, with one work item per shard on the
/// recompute-shards queue, then publishes the workbook.</summary>
public sealed class RecomputeLifecycle(LifecycleRecompute recompute, QueueShardDispatcher shards, FunnelWorkbookPublisher workbooks) : ITimerFunction
{
    public async Task RunAsync(TimerTriggerInfo timer, CancellationToken cancellationToken)
    {
        var result = await recompute.RunNightlyAsync(shards, null, cancellationToken);
        if (!result.Skipped)
        {
            await workbooks.PublishAsync(result.Run!.AsOf, null, cancellationToken);
        }
    }
}
