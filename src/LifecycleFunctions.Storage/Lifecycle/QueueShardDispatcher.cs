using System.Text.Json;
using Azure.Storage.Queues;
using LifecycleFunctions.Engine.Lifecycle;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Puts one work item per shard on the recompute-shards queue, where the RecomputeShard function picks them up
/// on as many instances as the platform scales to, and waits until every shard has marked itself done.
/// </summary>
public sealed class QueueShardDispatcher(StorageClients clients, RecomputeStepStore steps, IOptions<RecomputeOptions> options, TimeProvider time) : IShardDispatcher
{
    private readonly QueueClient _queue = clients.Queue(StorageNames.RecomputeShardsQueue);

    public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
    {
        await Task.WhenAll(items.Select(i => _queue.SendMessageAsync(JsonSerializer.Serialize(i, LifecycleRunStore.Json), cancellationToken)));

        var deadline = time.GetUtcNow().AddMinutes(options.Value.ShardTimeoutMinutes);
        var pending = items.ToList();
        while (pending.Count > 0)
        {
            var done = await steps.DoneStepsAsync(items[0].Run.RunId, cancellationToken);
            pending = pending.Where(i => !done.Contains(i.Step)).ToList();
            progress?.Report(new RecomputeProgress(items[0].Phase.ToString(), items.Count - pending.Count, items.Count));
            if (pending.Count == 0)
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{pending.Count} recompute shard(s) did not finish within {options.Value.ShardTimeoutMinutes} minutes: {string.Join(", ", pending.Select(p => p.Step))}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
