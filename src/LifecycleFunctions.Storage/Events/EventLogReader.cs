using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// Reads one shard's events stored within a watermark range. The partition key's arrival day bounds the scan:
/// an event is stored at most <see cref="MaxQueueDelay"/> after it arrived (a queue message lives at most seven
/// days), so partitions older than the range start minus that are never read again.
/// </summary>
public sealed class EventLogReader(StorageClients clients) : IEventLog
{
    public static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(7);

    private readonly TableClient _table = clients.Table(StorageNames.EventsTable);

    public async IAsyncEnumerable<CapturedEvent> ReadAsync(int shard, DateTimeOffset storedAfter, DateTimeOffset storedUpTo, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fromDay = storedAfter == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : storedAfter - MaxQueueDelay;
        var low = fromDay == DateTimeOffset.MinValue ? $"{shard:x2}-" : EventPartitioning.PartitionKey(shard, fromDay);
        var high = $"{shard:x2}-~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high} and StoredAt gt {storedAfter} and StoredAt le {storedUpTo}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return EventEntityMapper.FromEntity(entity);
        }
    }
}
