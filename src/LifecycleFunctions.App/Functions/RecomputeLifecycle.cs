using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>The nightly timer: recomputes as of the last complete UTC day, with one work item per shard on the
/// recompute-shards queue, then publishes the workbook.</summary>
public sealed class RecomputeLifecycle(RecomputeAndPublish recompute, QueueShardDispatcher shards) : ITimerFunction
{
    public Task RunAsync(TimerTriggerInfo timer, CancellationToken cancellationToken) =>
        recompute.RunNightlyAsync(shards, cancellationToken);
}
