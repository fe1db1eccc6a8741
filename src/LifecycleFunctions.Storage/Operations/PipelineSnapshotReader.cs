using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.Storage.Failures;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.Storage.Operations;

/// <summary>Reads what <see cref="PipelineSnapshot"/> describes: queue depths, failed-events counts, the run state and lock.</summary>
public sealed class PipelineSnapshotReader(StorageClients clients, LifecycleRunStore runs) : IPipelineSnapshotReader
{
    /// <param name="queues">The queues to measure, each with its poison queue; one not created yet counts as empty.</param>
    /// <param name="latestWorkbook">The day of the pre-built workbook, which the reports side keeps.</param>
    public async Task<PipelineSnapshot> ReadAsync(IReadOnlyList<string> queues, DateOnly? latestWorkbook, CancellationToken cancellationToken)
    {
        var depths = new List<QueueDepth>(queues.Count);
        foreach (var queue in queues)
        {
            depths.Add(new QueueDepth(queue, await CountAsync(queue, cancellationToken), await CountAsync(StorageNames.PoisonQueue(queue), cancellationToken)));
        }

        var state = await runs.ReadStateAsync(cancellationToken);
        return new PipelineSnapshot(
            depths,
            await CountFailedEventsAsync(cancellationToken),
            state.LastAsOf,
            state.LastCompletedAt,
            state.Watermark == DateTimeOffset.MinValue ? null : state.Watermark,
            await runs.IsRecomputeRunningAsync(cancellationToken),
            latestWorkbook);
    }

    private async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await clients.Queue(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    private async Task<IReadOnlyDictionary<string, int>> CountFailedEventsAsync(CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var failedEvents = clients.Table(StorageNames.FailedEventsTable);
            var select = new[] { "PartitionKey", FailedEventEntity.ReplayedAtProperty };
            await foreach (var row in failedEvents.QueryAsync<TableEntity>(select: select, cancellationToken: cancellationToken))
            {
                // A row marked as replayed was sent; it stays only to recognise its poison message.
                if (!FailedEventEntity.IsReplayed(row))
                {
                    counts[row.PartitionKey] = counts.GetValueOrDefault(row.PartitionKey) + 1;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table before the first failure was recorded.
        }

        return counts;
    }
}
