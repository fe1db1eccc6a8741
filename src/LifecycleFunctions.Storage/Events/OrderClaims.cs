using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// The same order can arrive twice from different places (a website's "Order Completed" under an anonymous id,
/// the order system's message under the user id), landing in different event partitions. The orders table is
/// the index that makes the first arrival win: a claim names the event that owns the order.
/// A claim whose owner is the event being stored again (a redelivery after a crash) is honoured, so a crash
/// between claiming and storing never loses the purchase.
/// </summary>
public sealed class OrderClaims(StorageClients clients)
{
    private const int MaxParallelClaims = 8;
    private readonly TableClient _table = clients.Table(StorageNames.OrdersTable);

    public async Task<(IReadOnlyList<CapturedEvent> Events, int Duplicates)> ClaimAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        var purchases = events.Where(IsClaimable).ToList();
        if (purchases.Count == 0)
        {
            return (events, 0);
        }

        var rejected = new ConcurrentDictionary<CapturedEvent, bool>(ReferenceEqualityComparer.Instance);
        await Parallel.ForEachAsync(
            purchases,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelClaims, CancellationToken = cancellationToken },
            async (purchase, token) =>
            {
                if (!await TryClaimAsync(purchase, token))
                {
                    rejected[purchase] = true;
                }
            });

        return (events.Where(e => !rejected.ContainsKey(e)).ToList(), rejected.Count);
    }

    private static bool IsClaimable(CapturedEvent e) => e.OrderId is not null && EventTypes.IsPurchase(e.Type);

    private async Task<bool> TryClaimAsync(CapturedEvent purchase, CancellationToken cancellationToken)
    {
        var key = purchase.DeduplicationKey;
        var claim = new TableEntity(ClaimPartition(key), TableKey.Escape(key))
        {
            ["EventPartitionKey"] = EventPartitioning.PartitionKey(purchase),
            ["EventRowKey"] = EventPartitioning.RowKey(purchase),
            ["MessageId"] = purchase.MessageId,
            ["Source"] = purchase.Source,
            ["PersonKey"] = purchase.PersonKey,
        };

        try
        {
            await _table.AddEntityAsync(claim, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (TransactionBatcher.IsConflict(ex))
        {
            var existing = await _table.GetEntityAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken);
            return existing.Value.GetString("EventPartitionKey") == (string)claim["EventPartitionKey"]
                   && existing.Value.GetString("EventRowKey") == (string)claim["EventRowKey"]
                   && existing.Value.GetString("MessageId") == purchase.MessageId;
        }
    }

    private static string ClaimPartition(string key) =>
        IdentityKey.Shard(key, EventPartitioning.ShardCount).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
}
