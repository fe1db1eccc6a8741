namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>Runs every shard of a phase and returns when all are done: in this process, or through the recompute-shards queue.</summary>
public interface IShardDispatcher
{
    Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken);
}
