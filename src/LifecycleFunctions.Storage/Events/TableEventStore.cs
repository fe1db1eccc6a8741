using LifecycleFunctions.Domain.Capture;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// Stores events in the events table through a shared <see cref="TransactionBatcher"/>. Inserts (never upserts),
/// so a duplicate is detected by the service and the stored original, with its StoredAt, stays untouched: the
/// nightly job's "since last run" read never sees an event twice. Orders already claimed with other figures
/// come back in <see cref="StoreResult.Conflicts"/> for the caller to record; they are not stored.
/// </summary>
public sealed class TableEventStore(StorageClients clients, OrderClaims orderClaims, EventStoreCounters counters, TimeProvider time, ILogger<TableEventStore> logger) : IEventStore
{
    private readonly TransactionBatcher _batcher = new(clients.Table(StorageNames.EventsTable));

    public async Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return default;
        }

        var claimed = await orderClaims.ClaimAsync(events, cancellationToken);
        var storedAt = time.GetUtcNow();
        var entities = claimed.Events.Select(e => EventEntityMapper.ToEntity(e, storedAt)).ToList();
        var result = await _batcher.InsertAsync(entities) + new StoreResult(0, claimed.Duplicates) { Conflicts = claimed.Conflicts };

        counters.Add(result);
        if (result.Duplicates > 0)
        {
            logger.LogInformation("Stored {Stored} events; skipped {Duplicates} already stored", result.Stored, result.Duplicates);
        }

        return result;
    }
}
