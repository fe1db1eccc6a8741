using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>The nightly timer: recomputes as of the last complete UTC day, with one work item per shard on the
/// recompute-shards queue, then publishes the workbook.</summary>
public sealed class RecomputeLifecycle(RecomputeAndPublish recompute, QueueShardDispatcher shards)
{
    /// <summary>
    /// The schedule is an app setting (default in <see cref="LifecycleOptions"/>); with UseMonitor a run missed
    /// while the app was down runs once when it is back (IsPastDue), and the as-of day is the last complete one either way.
    /// </summary>
    [Function(nameof(RecomputeLifecycle))]
    public Task RunAsync([TimerTrigger("%Lifecycle:Schedule%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        recompute.RunNightlyAsync(shards, cancellationToken);
}
