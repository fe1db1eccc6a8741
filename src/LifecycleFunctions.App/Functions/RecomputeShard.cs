using System.Text.Json;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-shards queue → one phase of one shard of a recompute.</summary>
public sealed class RecomputeShard(RecomputeShardWork work) : IQueueFunction
{
    public Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        work.RunAsync(
            JsonSerializer.Deserialize<RecomputeWorkItem>(message.Body, LifecycleRunStore.Json) ?? throw new JsonException("Empty recompute work item."),
            cancellationToken);
}
