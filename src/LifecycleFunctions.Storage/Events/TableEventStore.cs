using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;
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
        var eventOf = claimed.Events.ToDictionary<CapturedEvent, Azure.Data.Tables.TableEntity>(e => EventEntityMapper.ToEntity(e, storedAt), ReferenceEqualityComparer.Instance);
        var inserted = await _batcher.InsertAsync(eventOf.Keys.ToList());
        var result = new StoreResult(inserted.Stored, inserted.Duplicates + claimed.Duplicates)
        {
            Conflicts = claimed.Conflicts,
            Refused = [.. claimed.Refused, .. inserted.Refused.Select(r => new RefusedEvent(eventOf[r.Entity], r.Reason))],
        };

        counters.Add(result);
        if (result.Duplicates > 0)
        {
            logger.LogInformation("Stored {Stored} events; skipped {Duplicates} already stored", result.Stored, result.Duplicates);
        }

        if (result.Refused.Count > 0)
        {
            logger.LogWarning("Stored {Stored} events; the store refused {Refused}, which are recorded as failed", result.Stored, result.Refused.Count);
        }

        return result;
    }
}
