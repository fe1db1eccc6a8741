using Azure.Data.Tables;

namespace LifecycleFunctions.Storage.Events;

/// <summary>Submits any number of actions as entity-group transactions: grouped by partition, at most 100 each.</summary>
public static class TableBatches
{
    /// <summary>Transactions in flight at once: the storage round trip, not the CPU, bounds one at a time.</summary>
    public const int MaxConcurrent = 4;

    public static Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        SubmitAsync(actions, async (chunk, token) => await table.SubmitTransactionAsync(chunk, token), cancellationToken);

    /// <summary>The same grouping, with each transaction submitted by <paramref name="submit"/> (one that handles its own failures).</summary>
    public static async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, Func<TableTransactionAction[], CancellationToken, Task> submit, CancellationToken cancellationToken)
    {
        var chunks = actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(TransactionBatcher.MaxTransactionSize))
            .ToList();
        if (chunks.Count == 1)
        {
            await submit(chunks[0], cancellationToken);
            return;
        }

        // Each row appears once in a call, so the transactions are independent and may run in any order.
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrent, CancellationToken = cancellationToken }, async (chunk, token) =>
            await submit(chunk, token));
    }

    public static Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken) =>
        SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);

    /// <summary>
    /// Makes one partition hold exactly these entities: upserts them, then deletes the rows left from an earlier
    /// write that are not among them (a rerun for the same day after a channel or cohort disappeared).
    /// </summary>
    public static async Task ReplacePartitionAsync(TableClient table, string partition, IReadOnlyCollection<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var keep = entities.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = new List<TableTransactionAction>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.Contains(row.RowKey))
            {
                stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), Azure.ETag.All));
            }
        }

        await UpsertAsync(table, entities, cancellationToken);
        await SubmitAsync(table, stale, cancellationToken);
    }
}
