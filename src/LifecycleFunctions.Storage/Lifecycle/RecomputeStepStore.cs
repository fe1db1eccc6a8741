using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// What a run's shard steps leave for each other and for the combine, in the recomputesteps table: one
/// partition per run, a row per finished step ("out-{step}", its output) and per fold and target shard
/// ("delta-{target}-{source}", the person-state deltas that fold left for that shard). One partition lets the
/// orchestrator read every output of a phase with one query and the clean-up remove a run with one or two
/// transactions, where a blob per output and delta took a request each way (most of a later night's requests).
/// A payload is gzip JSON in a row's binary properties, or, past <see cref="RunRowPayload.MaxInlineBytes"/> (a
/// first run's deltas at a large population), in a blob the row names.
/// </summary>
public sealed class RecomputeStepStore(StorageClients clients) : IRecomputeStepStore
{
    private const string OutputPrefix = "out-";
    private const string DeltaPrefix = "delta-";

    // A transaction carries at most 4 MiB and its binary properties travel as base64.
    private const int MaxTransactionBytes = 2 * 1024 * 1024;

    private readonly TableClient _table = clients.Table(StorageNames.RecomputeStepsTable);
    private readonly BlobContainerClient _container = clients.Container(StorageNames.LifecycleContainer);

    /// <summary>
    /// Records a finished step: its deltas for other shards (a fold's; keyed by target shard), then its output.
    /// The output row is in the last transaction, so its existence is what marks the step done; a step that runs
    /// twice replaces its own rows and never adds a second copy.
    /// </summary>
    public async Task WriteStepAsync(RecomputeWorkItem item, ShardStepOutput output, IReadOnlyDictionary<int, List<PersonState>>? deltas, CancellationToken cancellationToken)
    {
        var rows = new List<(TableEntity Entity, int Bytes)>();
        foreach (var (target, states) in (deltas ?? new Dictionary<int, List<PersonState>>()).OrderBy(d => d.Key))
        {
            var rowKey = DeltaRowKey(target, item.Shard);
            rows.Add(await PackAsync(item.Run.RunId, rowKey, gzip => JsonSerializer.SerializeAsync(gzip, states.OrderBy(d => d.Key, StringComparer.Ordinal), PersonStateJson.Options, cancellationToken), cancellationToken));
        }

        rows.Add(await PackAsync(item.Run.RunId, OutputPrefix + item.Step, gzip => JsonSerializer.SerializeAsync(gzip, output, LifecycleRunStore.Json, cancellationToken), cancellationToken));

        var transaction = new List<TableTransactionAction>();
        var bytes = 0;
        foreach (var (entity, size) in rows)
        {
            if (transaction.Count > 0 && (transaction.Count == TransactionBatcher.MaxTransactionSize || bytes + size > MaxTransactionBytes))
            {
                await _table.SubmitTransactionAsync(transaction, cancellationToken);
                transaction = [];
                bytes = 0;
            }

            transaction.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            bytes += size;
        }

        await _table.SubmitTransactionAsync(transaction, cancellationToken);
    }

    public async Task<bool> IsDoneAsync(string runId, string step, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(runId, OutputPrefix + step, select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>The steps of a run that have finished, in one query (the queue dispatcher polls this).</summary>
    public async Task<HashSet<string>> DoneStepsAsync(string runId, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(RangeFilter(runId, OutputPrefix), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            done.Add(row.RowKey[OutputPrefix.Length..]);
        }

        return done;
    }

    /// <summary>The outputs of the given steps, in one query; a step that left none is an error.</summary>
    public async Task<Dictionary<string, ShardStepOutput>> ReadOutputsAsync(string runId, IEnumerable<string> steps, CancellationToken cancellationToken)
    {
        var wanted = steps.ToHashSet(StringComparer.Ordinal);
        var outputs = new Dictionary<string, ShardStepOutput>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(RangeFilter(runId, OutputPrefix), cancellationToken: cancellationToken))
        {
            var step = row.RowKey[OutputPrefix.Length..];
            if (wanted.Contains(step))
            {
                await using var gzip = await OpenAsync(row, cancellationToken);
                outputs[step] = await JsonSerializer.DeserializeAsync<ShardStepOutput>(gzip, LifecycleRunStore.Json, cancellationToken)
                    ?? throw new InvalidOperationException($"Recompute {runId}: shard step {step} left an empty output.");
            }
        }

        if (wanted.FirstOrDefault(s => !outputs.ContainsKey(s)) is { } missing)
        {
            throw new InvalidOperationException($"Recompute {runId}: shard step {missing} reported done but left no output.");
        }

        return outputs;
    }

    /// <summary>Every fold's deltas for one shard, streamed (one state at a time is deserialised) and merged per person.</summary>
    public async Task<Dictionary<string, PersonState>> ReadDeltasAsync(string runId, int shard, CancellationToken cancellationToken)
    {
        var deltas = new Dictionary<string, PersonState>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(RangeFilter(runId, DeltaPrefix + $"{shard:x2}-"), cancellationToken: cancellationToken))
        {
            await using var gzip = await OpenAsync(row, cancellationToken);
            await foreach (var delta in JsonSerializer.DeserializeAsyncEnumerable<PersonState>(gzip, PersonStateJson.Options, cancellationToken))
            {
                if (delta is null)
                {
                    continue;
                }

                if (deltas.TryGetValue(delta.Key, out var known))
                {
                    known.Merge(delta);
                }
                else
                {
                    deltas[delta.Key] = delta;
                }
            }
        }

        return deltas;
    }

    /// <summary>Removes a committed run's rows and the blobs they name; they are never read again once the watermark moved past them.</summary>
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {runId}"), select: ["PartitionKey", "RowKey", RunRowPayload.BlobProperty], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        await DeleteAsync(rows, cancellationToken);
    }

    /// <summary>
    /// Removes what earlier runs left that no rerun will read: a run that crashed after its commit (before its own
    /// clean-up), one abandoned for a later watermark, or blobs of the format before this table. Only the lock
    /// holder calls it, so no other run is live; <paramref name="keep"/> is the starting run, whose finished steps
    /// a rerun of the same id reuses. Returns whether that run left anything.
    /// </summary>
    public async Task<bool> DeleteRunsExceptAsync(string keep, CancellationToken cancellationToken)
    {
        var kept = false;
        var stale = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", RunRowPayload.BlobProperty], cancellationToken: cancellationToken))
        {
            if (string.Equals(row.PartitionKey, keep, StringComparison.Ordinal))
            {
                kept = true;
            }
            else
            {
                stale.Add(row);
            }
        }

        var blobs = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = RunRowPayload.BlobFolder }, cancellationToken))
        {
            // A blob of the starting run whose row was never written (a crash in between) is overwritten by the rerun.
            if (!item.Name.StartsWith($"{RunRowPayload.BlobFolder}{keep}/", StringComparison.Ordinal))
            {
                blobs.Add(item.Name);
            }
        }

        await Task.WhenAll(DeleteAsync(stale, cancellationToken), DeleteBlobsAsync(blobs, cancellationToken));
        return kept;
    }

    private async Task DeleteAsync(List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var blobs = rows.Select(r => r.GetString(RunRowPayload.BlobProperty)).OfType<string>().ToList();
        await TableBatches.SubmitAsync(_table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)), cancellationToken);
        await DeleteBlobsAsync(blobs, cancellationToken);
    }

    private Task DeleteBlobsAsync(List<string> names, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (name, token) =>
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: token));

    private async Task<(TableEntity Entity, int Bytes)> PackAsync(string runId, string rowKey, Func<Stream, Task> serialize, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await serialize(gzip);
        }

        var entity = new TableEntity(runId, rowKey);
        if (buffer.Length <= RunRowPayload.MaxInlineBytes)
        {
            RunRowPayload.Write(entity, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return (entity, (int)buffer.Length);
        }

        var name = RunRowPayload.BlobName(runId, rowKey);
        buffer.Position = 0;
        await _container.GetBlobClient(name).UploadAsync(buffer, overwrite: true, cancellationToken);
        entity[RunRowPayload.BlobProperty] = name;
        return (entity, 0);
    }

    private async Task<Stream> OpenAsync(TableEntity row, CancellationToken cancellationToken)
    {
        Stream compressed;
        if (row.GetString(RunRowPayload.BlobProperty) is { } name)
        {
            // One GET: OpenRead would first ask for the blob's properties.
            compressed = (await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        else
        {
            compressed = new MemoryStream(RunRowPayload.Read(row), writable: false);
        }

        return new GZipStream(compressed, CompressionMode.Decompress);
    }

    private static string DeltaRowKey(int target, int source) => $"{DeltaPrefix}{target:x2}-{source:x2}";

    // Row keys are ASCII: every key starting with the prefix sorts before the prefix with its last character raised by one.
    private static string RangeFilter(string runId, string prefix)
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        return TableClient.CreateQueryFilter($"PartitionKey eq {runId} and RowKey ge {prefix} and RowKey lt {end}");
    }
}
