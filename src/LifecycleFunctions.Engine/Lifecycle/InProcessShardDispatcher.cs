using Microsoft.Extensions.Options;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>Works the shards in this process, a few at a time (the CLI's `lifecycle recompute`).</summary>
public sealed class InProcessShardDispatcher(RecomputeShardWork work, IOptions<RecomputeOptions> options) : IShardDispatcher
{
    public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Value.InProcessParallelism, CancellationToken = cancellationToken }, async (item, token) =>
        {
            await work.RunAsync(item, token);
            progress?.Report(new RecomputeProgress(item.Phase.ToString(), Interlocked.Increment(ref done), items.Count));
        });
    }
}
