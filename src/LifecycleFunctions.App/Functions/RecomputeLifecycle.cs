using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>The nightly timer: recomputes as of today, with one work item per shard on the recompute-shards queue.</summary>
public sealed class RecomputeLifecycle(LifecycleRecompute recompute, QueueShardDispatcher shards) : ITimerFunction
{
    public Task RunAsync(TimerTriggerInfo timer, CancellationToken cancellationToken) =>
        recompute.RunAsync(null, shards, null, cancellationToken);
}
