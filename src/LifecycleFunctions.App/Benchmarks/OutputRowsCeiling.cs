using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// The storage work a recompute cannot avoid beyond reading its inputs, done bare: the rows it wrote and the
/// stage-change messages it sent. A row is replayed the way the run had to write it, because Azurite charges
/// very differently for the two (its LokiJS collections remove a replaced document in time linear in the
/// table): a row that existed before the run is replaced in place in the same table (its content is already
/// the run's, so nothing changes), a row the run created is added to an empty scratch table. Messages are sent
/// to a scratch queue, as many as the run sent, each the size of the run's. Deletes and blobs are not counted,
/// which keeps the ceiling a little generous.
/// </summary>
public sealed class OutputRowsCeiling(StorageClients clients, Func<TimeSpan> storageCpu)
{
    private const int Concurrency = 8;

    /// <summary>The tables a recompute writes; the events it reads are not among them.</summary>
    public static readonly IReadOnlyList<string> OutputTables =
    [
        StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable,
        StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable,
    ];

    /// <summary>What the output tables and the stage-changes queue hold before a run, to tell its adds from its replaces afterwards.</summary>
    public async Task<OutputsBefore> SnapshotAsync(CancellationToken cancellationToken)
    {
        var keys = new HashSet<(string Table, string Partition, string Row)>();
        foreach (var name in OutputTables)
        {
            await foreach (var entity in clients.Table(name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add((name, entity.PartitionKey, entity.RowKey));
            }
        }

        return new OutputsBefore(keys, await MessageCountAsync(cancellationToken));
    }

    public async Task<OutputRowsMeasurement> MeasureAsync(OutputsBefore before, DateTimeOffset writtenSince, CancellationToken cancellationToken)
    {
        var actions = new List<(TableClient Table, TableTransactionAction Action)>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var replaced = 0;
        var scratchTables = new List<TableClient>();
        foreach (var name in OutputTables)
        {
            var table = clients.Table(name);
            var scratch = clients.Table(name + "bare");
            await scratch.CreateIfNotExistsAsync(cancellationToken);
            scratchTables.Add(scratch);
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.Timestamp >= writtenSince, cancellationToken: cancellationToken))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
                if (before.Rows.Contains((name, entity.PartitionKey, entity.RowKey)))
                {
                    replaced++;
                    actions.Add((table, new TableTransactionAction(TableTransactionActionType.UpdateReplace, Copy(entity), ETag.All)));
                }
                else
                {
                    actions.Add((scratch, new TableTransactionAction(TableTransactionActionType.Add, Copy(entity))));
                }
            }
        }

        var messages = await MessageCountAsync(cancellationToken) - before.Messages;
        var body = messages > 0 ? await SampleMessageAsync(cancellationToken) : string.Empty;
        var queue = clients.Queue("stage-changes-bare");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var chunks = actions
            .GroupBy(a => (a.Table.Name, a.Action.Entity.PartitionKey))
            .SelectMany(p => p.Chunk(TransactionBatcher.MaxTransactionSize))
            .Select(chunk => (chunk[0].Table, Actions: chunk.Select(a => a.Action).ToList()))
            .ToList();

        using var process = Process.GetCurrentProcess();
        var appCpu = process.TotalProcessorTime;
        var storageCpuStart = storageCpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (item, token) =>
                await item.Table.SubmitTransactionAsync(item.Actions, token)),
            Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (_, token) =>
                await queue.SendMessageAsync(body, token)));
        var wall = clock.Elapsed;
        process.Refresh();

        foreach (var table in scratchTables)
        {
            await table.DeleteAsync(cancellationToken);
        }

        await queue.DeleteAsync(cancellationToken);
        return new OutputRowsMeasurement(counts, replaced, messages, new PhaseMeasurement(counts.Values.Sum() + messages, wall, process.TotalProcessorTime - appCpu, storageCpu() - storageCpuStart));
    }

    private async Task<int> MessageCountAsync(CancellationToken cancellationToken)
    {
        var queue = clients.Queue(StorageNames.StageChangesQueue);
        return await queue.ExistsAsync(cancellationToken) ? (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount : 0;
    }

    private async Task<string> SampleMessageAsync(CancellationToken cancellationToken)
    {
        var peeked = await clients.Queue(StorageNames.StageChangesQueue).PeekMessagesAsync(1, cancellationToken);
        return peeked.Value.Length > 0 ? peeked.Value[0].Body.ToString() : string.Empty;
    }

    /// <summary>The copy carries the properties only: the service stamps Timestamp and ETag itself.</summary>
    private static TableEntity Copy(TableEntity source)
    {
        var copy = new TableEntity(source.PartitionKey, source.RowKey);
        foreach (var (key, value) in source)
        {
            if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                copy[key] = value;
            }
        }

        return copy;
    }
}
