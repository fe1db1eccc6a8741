using Azure.Data.Tables;

namespace LifecycleFunctions.Storage.Events;

/// <summary>Submits any number of actions as entity-group transactions: grouped by partition, at most 100 each.</summary>
public static class TableBatches
{
    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(TransactionBatcher.MaxTransactionSize))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }
    }

    public static Task UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken) =>
        SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
}
