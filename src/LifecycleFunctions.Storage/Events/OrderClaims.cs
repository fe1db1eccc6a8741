using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// The same order can arrive twice from different places (a website's "Order Completed" under an anonymous id,
/// the order system's message under the user id), landing in different event partitions. The orders table is
/// the index that makes the first arrival win: a claim names the event that owns the order.
/// A claim whose owner is the event being stored again (a redelivery after a crash) is honoured, so a crash
/// between claiming and storing never loses the purchase. A claim keeps the amount and currency of its owner,
/// so a later report with other figures is told apart from a true duplicate and returned as a conflict.
/// A claim whose owner never got stored (its message was poisoned after claiming, then replayed as a new
/// message on another day, with other keys) is taken over once it is older than any live capture could be,
/// or the order would be lost to its own claim.
/// </summary>
public sealed class OrderClaims(StorageClients clients, TimeProvider time)
{
    /// <summary>Far longer than a capture takes between its claim and its event; a live owner is never taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    private const int MaxParallelClaims = 8;
    private const string AmountProperty = "Amount";
    private const string CurrencyProperty = "Currency";
    private readonly TableClient _table = clients.Table(StorageNames.OrdersTable);
    private readonly TableClient _events = clients.Table(StorageNames.EventsTable);

    public async Task<(IReadOnlyList<CapturedEvent> Events, int Duplicates, IReadOnlyList<ConflictingOrder> Conflicts, IReadOnlyList<RefusedEvent> Refused)> ClaimAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        var purchases = events.Where(IsClaimable).ToList();
        if (purchases.Count == 0)
        {
            return (events, 0, [], []);
        }

        // Null: a duplicate that agrees with the claim's owner; a reason: one that contradicts it.
        var rejected = new ConcurrentDictionary<CapturedEvent, string?>(ReferenceEqualityComparer.Instance);
        var refused = new ConcurrentDictionary<CapturedEvent, string>(ReferenceEqualityComparer.Instance);
        await Parallel.ForEachAsync(
            purchases,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelClaims, CancellationToken = cancellationToken },
            async (purchase, token) =>
            {
                try
                {
                    var (claimed, conflict) = await TryClaimAsync(purchase, token);
                    if (!claimed)
                    {
                        rejected[purchase] = conflict;
                    }
                }
                catch (RequestFailedException ex) when (TransactionBatcher.IsRefusal(ex))
                {
                    // Refused for what the claim holds: this report alone fails, not the message's other events.
                    refused[purchase] = TransactionBatcher.Describe(ex);
                }
            });

        var conflicts = events.Where(e => rejected.TryGetValue(e, out var reason) && reason is not null)
            .Select(e => new ConflictingOrder(e, rejected[e]!))
            .ToList();
        return (
            events.Where(e => !rejected.ContainsKey(e) && !refused.ContainsKey(e)).ToList(),
            rejected.Count,
            conflicts,
            events.Where(refused.ContainsKey).Select(e => new RefusedEvent(e, refused[e])).ToList());
    }

    private static bool IsClaimable(CapturedEvent e) => e.OrderId is not null && EventTypes.IsPurchase(e.Type);

    private async Task<(bool Claimed, string? Conflict)> TryClaimAsync(CapturedEvent purchase, CancellationToken cancellationToken)
    {
        var key = purchase.DeduplicationKey;
        var claim = new TableEntity(ClaimPartition(key), StoredKey.Escape(key))
        {
            ["EventPartitionKey"] = EventPartitioning.PartitionKey(purchase),
            ["EventRowKey"] = EventPartitioning.RowKey(purchase),
            ["MessageId"] = purchase.MessageId,
            ["Source"] = purchase.Source,
            ["PersonKey"] = purchase.PersonKey,
            // Always written (empty when the report states none), so its absence marks a claim made before claims kept figures.
            [AmountProperty] = purchase.Amount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            [CurrencyProperty] = purchase.Currency ?? string.Empty,
        };

        try
        {
            await _table.AddEntityAsync(claim, cancellationToken);
            return (true, null);
        }
        catch (RequestFailedException ex) when (TransactionBatcher.IsConflict(ex))
        {
            var existing = (await _table.GetEntityAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken)).Value;
            // Figures first: an order system's resend without messageId on the same day has the owner's keys and id,
            // and only its amount tells it from a redelivery.
            var conflict = await ConflictWithAsync(existing, purchase, cancellationToken);
            var isOwner = existing.GetString("EventPartitionKey") == (string)claim["EventPartitionKey"]
                          && existing.GetString("EventRowKey") == (string)claim["EventRowKey"]
                          && existing.GetString("MessageId") == purchase.MessageId;
            if (isOwner || conflict is not null)
            {
                return (isOwner && conflict is null, conflict);
            }

            return (await TakeOverAbandonedAsync(existing, claim, cancellationToken), null);
        }
    }

    private async Task<bool> TakeOverAbandonedAsync(TableEntity existing, TableEntity claim, CancellationToken cancellationToken)
    {
        if (existing.Timestamp is not { } claimedAt
            || time.GetUtcNow() - claimedAt < AbandonedAfter
            || existing.GetString("EventPartitionKey") is null
            || existing.GetString("EventRowKey") is null
            || await OwnerEventAsync(existing, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            // Conditional: of two reports taking over at once, one wins and the other is its duplicate.
            await _table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private async Task<string?> ConflictWithAsync(TableEntity claim, CapturedEvent purchase, CancellationToken cancellationToken)
    {
        var figures = claim.ContainsKey(AmountProperty) ? claim : await OwnerEventAsync(claim, cancellationToken);
        if (figures is null)
        {
            // The owner's event is not stored yet (its sender crashed after claiming and will be redelivered): nothing to compare.
            return null;
        }

        var amount = figures.GetString(AmountProperty);
        var currency = figures.GetString(CurrencyProperty);
        return OrderConflict.Explain(
            purchase,
            string.IsNullOrEmpty(amount) ? null : decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(currency) ? null : currency,
            claim.GetString("Source"));
    }

    private async Task<TableEntity?> OwnerEventAsync(TableEntity claim, CancellationToken cancellationToken)
    {
        if (claim.GetString("EventPartitionKey") is not { } partition || claim.GetString("EventRowKey") is not { } row)
        {
            return null;
        }

        var owner = await _events.GetEntityIfExistsAsync<TableEntity>(partition, row, [AmountProperty, CurrencyProperty], cancellationToken);
        return owner.HasValue ? owner.Value : null;
    }

    private static string ClaimPartition(string key) =>
        IdentityKey.Shard(key, EventPartitioning.ShardCount).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
}
