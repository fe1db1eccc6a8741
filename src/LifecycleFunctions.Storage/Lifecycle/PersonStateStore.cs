using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The personstates table: partition = the person key's shard, row = the key. Writes are read-merge-write with
/// optimistic concurrency (ETag), and because merging states is idempotent a retry after a conflict or a crash
/// never double counts. A key merged into another (an anonymous visitor who identified) keeps a row pointing to
/// its new home, so anything folded into it later is forwarded.
/// </summary>
public sealed class PersonStateStore(StorageClients clients)
{
    private const int BulkThreshold = 50;
    private const int MaxParallel = 16;
    private const int MaxForwardHops = 8;

    private readonly TableClient _table = clients.Table(StorageNames.PersonStatesTable);

    public static string Partition(string key) => IdentityKey.Shard(key, EventPartitioning.ShardCount).ToString("x2", CultureInfo.InvariantCulture);

    public async IAsyncEnumerable<PersonRow> ReadShardAsync(int shard, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = shard.ToString("x2", CultureInfo.InvariantCulture);
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return ToRow(entity);
        }
    }

    public async Task<PersonRow?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(key), TableKey.Escape(key), cancellationToken: cancellationToken);
        return response.HasValue ? ToRow(response.Value!) : null;
    }

    /// <summary>Merges each delta into the stored state of its key.</summary>
    public async Task MergeAsync(IReadOnlyDictionary<string, PersonState> deltas, CancellationToken cancellationToken)
    {
        foreach (var partition in deltas.Values.GroupBy(d => Partition(d.Key), StringComparer.Ordinal))
        {
            var states = partition.ToList();
            if (states.Count >= BulkThreshold)
            {
                await MergeBulkAsync(partition.Key, states, cancellationToken);
            }
            else
            {
                await Parallel.ForEachAsync(states, new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = cancellationToken }, (s, token) => new ValueTask(MergeOneAsync(s.Key, s, token)));
            }
        }
    }

    /// <summary>Moves the history of <paramref name="from"/> into <paramref name="to"/> and leaves a forwarding row behind.</summary>
    public async Task MoveAsync(string from, string to, CancellationToken cancellationToken)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return;
        }

        while (true)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(from), TableKey.Escape(from), cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                var tombstone = NewEntity(from);
                tombstone["MergedInto"] = to;
                try
                {
                    await _table.AddEntityAsync(tombstone, cancellationToken);
                    return;
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    continue;
                }
            }

            var entity = existing.Value!;
            if (entity.GetString("MergedInto") is { } already)
            {
                if (!string.Equals(already, to, StringComparison.Ordinal))
                {
                    await MoveAsync(already, to, cancellationToken);
                }

                return;
            }

            // Merge first, then mark: a crash in between leaves the history in both places, and merging it
            // again on the rerun changes nothing.
            await MergeOneAsync(to, PersonStateSerializer.Read(entity), cancellationToken);
            entity["MergedInto"] = to;
            entity["State"] = null;
            entity["StateGz"] = null;
            try
            {
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Something was folded into it meanwhile: move again, with that included.
            }
        }
    }

    /// <summary>Records the stage written for each person, in one partition's transactions.</summary>
    public Task SetStagesAsync(IReadOnlyList<(string Key, LifecycleStage Stage, DateOnly Entered, string MemberHash)> stages, CancellationToken cancellationToken) => TableBatches.SubmitAsync(
        _table,
        stages.Select(s => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(Partition(s.Key), TableKey.Escape(s.Key))
        {
            ["Stage"] = s.Stage.ToString(),
            ["StageEntered"] = s.Entered.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["MemberHash"] = s.MemberHash,
        }, ETag.All)),
        cancellationToken);

    /// <summary>Leaves only the forwarding pointer on rows of keys merged into another person.</summary>
    public async Task ForgetStagesAsync(IReadOnlyList<(string Key, string MergedInto)> rows, CancellationToken cancellationToken)
    {
        foreach (var (key, mergedInto) in rows)
        {
            var entity = NewEntity(key);
            entity["MergedInto"] = mergedInto;
            await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async Task MergeBulkAsync(string partition, List<PersonState> deltas, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            stored[entity.RowKey] = entity;
        }

        var fallback = new List<PersonState>();
        var actions = new List<(TableTransactionAction Action, PersonState Delta)>();
        foreach (var delta in deltas)
        {
            if (!stored.TryGetValue(TableKey.Escape(delta.Key), out var entity))
            {
                var fresh = NewEntity(delta.Key);
                PersonStateSerializer.Write(fresh, delta);
                actions.Add((new TableTransactionAction(TableTransactionActionType.Add, fresh), delta));
            }
            else if (entity.GetString("MergedInto") is not null)
            {
                fallback.Add(delta);
            }
            else
            {
                var state = PersonStateSerializer.Read(entity);
                state.Merge(delta);
                PersonStateSerializer.Write(entity, state);
                actions.Add((new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, entity.ETag), delta));
            }
        }

        foreach (var chunk in actions.Chunk(TransactionBatcher.MaxTransactionSize))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.Select(c => c.Action), cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone else wrote one of these rows since it was read: redo this chunk row by row.
                fallback.AddRange(chunk.Select(c => c.Delta));
            }
        }

        foreach (var delta in fallback)
        {
            await MergeOneAsync(delta.Key, delta, cancellationToken);
        }
    }

    private async Task MergeOneAsync(string key, PersonState delta, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop < MaxForwardHops;)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(key), TableKey.Escape(key), cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    var fresh = NewEntity(key);
                    PersonStateSerializer.Write(fresh, Rekey(delta, key));
                    await _table.AddEntityAsync(fresh, cancellationToken);
                    return;
                }

                var entity = existing.Value!;
                if (entity.GetString("MergedInto") is { } target)
                {
                    key = target;
                    hop++;
                    continue;
                }

                var state = PersonStateSerializer.Read(entity);
                state.Merge(delta);
                PersonStateSerializer.Write(entity, state);
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Lost a race with another writer; read again and merge into what is there now.
            }
        }

        throw new InvalidOperationException($"Person key '{key}' forwards through more than {MaxForwardHops} merges; the identity links form a loop.");
    }

    private static PersonState Rekey(PersonState delta, string key)
    {
        if (string.Equals(delta.Key, key, StringComparison.Ordinal))
        {
            return delta;
        }

        var state = new PersonState { Key = key };
        state.Merge(delta);
        return state;
    }

    private static TableEntity NewEntity(string key) => new(Partition(key), TableKey.Escape(key)) { ["PersonKey"] = key };

    private static PersonRow ToRow(TableEntity entity)
    {
        var key = entity.GetString("PersonKey") ?? entity.RowKey;
        var merged = entity.GetString("MergedInto");
        var state = merged is null ? PersonStateSerializer.Read(entity) : new PersonState { Key = key };
        LifecycleStage? stage = Enum.TryParse<LifecycleStage>(entity.GetString("Stage"), out var s) ? s : null;
        DateOnly? entered = DateOnly.TryParseExact(entity.GetString("StageEntered"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new PersonRow(key, state, stage, entered, entity.GetString("MemberHash"), merged);
    }
}
