using System.Text.Json;
using Azure.Storage.Queues.Models;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>recompute-shards queue → one phase of one shard of a recompute.</summary>
public sealed class RecomputeShard(RecomputeShardWork work)
{
    [Function(nameof(RecomputeShard))]
    public Task RunAsync([QueueTrigger(StorageNames.RecomputeShardsQueue)] QueueMessage message, CancellationToken cancellationToken) =>
        work.RunAsync(
            JsonSerializer.Deserialize<RecomputeWorkItem>(message.ToTriggerMessage(StorageNames.RecomputeShardsQueue).Body, LifecycleRunStore.Json)
                ?? throw new JsonException("Empty recompute work item."),
            cancellationToken);
}
