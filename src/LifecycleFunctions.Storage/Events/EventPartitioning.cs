using System.Globalization;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// The events table's keys. PartitionKey = "{shard:x2}-{arrival day yyyyMMdd}", RowKey = the idempotency key.
/// See docs/design/event-store.md for why.
/// </summary>
public static class EventPartitioning
{
    /// <summary>Fixed for the life of a storage account: changing it would move people between shards.</summary>
    public const int ShardCount = Shards.Count;

    public static int ShardOf(CapturedEvent captured) =>
        IdentityKey.Shard(captured.PersonKey ?? $"ad:{captured.Channel}:{captured.Campaign}", ShardCount);

    public static string PartitionKey(CapturedEvent captured) => PartitionKey(ShardOf(captured), captured.ReceivedAt);

    public static string PartitionKey(int shard, DateTimeOffset arrival) =>
        string.Create(CultureInfo.InvariantCulture, $"{shard:x2}-{arrival.UtcDateTime:yyyyMMdd}");

    public static string RowKey(CapturedEvent captured) => StoredKey.Escape(captured.DeduplicationKey);
}
