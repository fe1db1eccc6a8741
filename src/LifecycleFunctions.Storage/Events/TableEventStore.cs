using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// Stores events in the events table with entity-group transactions of up to 100 entities per partition.
/// Inserts (never upserts), so a duplicate is detected by the service and the stored original, with its
/// StoredAt, stays untouched: the nightly job's "since last run" read never sees an event twice.
/// </summary>
public sealed class TableEventStore(StorageClients clients, OrderClaims orderClaims, EventStoreCounters counters, TimeProvider time, ILogger<TableEventStore> logger) : IEventStore
{
    private const int MaxTransactionSize = 100;
    private const int MaxParallelTransactions = 8;

    private readonly TableClient _table = clients.Table(StorageNames.EventsTable);

    public async Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return default;
        }

        var claimed = await orderClaims.ClaimAsync(events, cancellationToken);
        var storedAt = time.GetUtcNow();
        var unique = claimed.Events
            .Select(e => EventEntityMapper.ToEntity(e, storedAt))
            .DistinctBy(e => (e.PartitionKey, e.RowKey))
            .ToList();
        var result = new StoreResult(0, claimed.Duplicates + claimed.Events.Count - unique.Count);

        var chunks = unique.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(MaxTransactionSize));
        var results = new ConcurrentBag<StoreResult>();
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTransactions, CancellationToken = cancellationToken },
            async (chunk, token) => results.Add(await SubmitAsync(chunk, token)));

        result = results.Aggregate(result, StoreResult.Add);
        counters.Add(result);
        if (result.Duplicates > 0)
        {
            logger.LogInformation("Stored {Stored} events; skipped {Duplicates} already stored", result.Stored, result.Duplicates);
        }

        return result;
    }

    private async Task<StoreResult> SubmitAsync(TableEntity[] chunk, CancellationToken cancellationToken)
    {
        var pending = chunk.ToList();
        var duplicates = 0;
        while (pending.Count > 0)
        {
            try
            {
                await _table.SubmitTransactionAsync(pending.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
                return new StoreResult(pending.Count, duplicates);
            }
            catch (TableTransactionFailedException ex) when (IsConflict(ex) && ex.FailedTransactionActionIndex is { } index && index < pending.Count)
            {
                // The whole transaction was rolled back; drop the entity that exists already and send the rest again.
                pending.RemoveAt(index);
                duplicates++;
            }
            catch (RequestFailedException ex) when (IsConflict(ex))
            {
                // The service did not say which entity clashed: fall back to one insert each.
                return await InsertOneByOneAsync(pending, duplicates, cancellationToken);
            }
        }

        return new StoreResult(0, duplicates);
    }

    private async Task<StoreResult> InsertOneByOneAsync(List<TableEntity> entities, int duplicates, CancellationToken cancellationToken)
    {
        var stored = 0;
        foreach (var entity in entities)
        {
            try
            {
                await _table.AddEntityAsync(entity, cancellationToken);
                stored++;
            }
            catch (RequestFailedException ex) when (IsConflict(ex))
            {
                duplicates++;
            }
        }

        return new StoreResult(stored, duplicates);
    }

    internal static bool IsConflict(RequestFailedException ex) =>
        ex.Status == 409 || string.Equals(ex.ErrorCode, "EntityAlreadyExists", StringComparison.Ordinal);
}
