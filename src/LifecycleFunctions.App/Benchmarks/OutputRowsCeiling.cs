using System.Diagnostics;
using Azure.Data.Tables;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// The storage work a recompute cannot avoid beyond reading its inputs: writing the rows it wrote. Copies the
/// rows the run left (those stamped since it started) into scratch tables with bare entity-group transactions,
/// so "read the inputs + write these rows bare" is a ceiling for the same run on the same Azurite, as bare
/// inserts are for capture. Deletes and blobs are not counted, which makes the ceiling a little generous.
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

    public async Task<OutputRowsMeasurement> MeasureAsync(DateTimeOffset writtenSince, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        foreach (var name in OutputTables)
        {
            var table = clients.Table(name);
            var written = new List<TableEntity>();
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.Timestamp >= writtenSince, cancellationToken: cancellationToken))
            {
                written.Add(Copy(entity));
            }

            rows[name] = written;
        }

        var scratch = rows.Keys.ToDictionary(name => name, name => clients.Table(name + "bare"), StringComparer.Ordinal);
        foreach (var table in scratch.Values)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        var chunks = rows.SelectMany(t => t.Value
                .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
                .SelectMany(p => p.Chunk(TransactionBatcher.MaxTransactionSize))
                .Select(chunk => (Table: scratch[t.Key], Chunk: chunk)))
            .ToList();

        using var process = Process.GetCurrentProcess();
        var appCpu = process.TotalProcessorTime;
        var storageCpuStart = storageCpu();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (item, token) =>
            await item.Table.SubmitTransactionAsync(item.Chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), token));
        var wall = clock.Elapsed;
        process.Refresh();

        foreach (var table in scratch.Values)
        {
            await table.DeleteAsync(cancellationToken);
        }

        var counts = rows.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => r.Value.Count, StringComparer.Ordinal);
        return new OutputRowsMeasurement(counts, new PhaseMeasurement(counts.Values.Sum(), wall, process.TotalProcessorTime - appCpu, storageCpu() - storageCpuStart));
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
