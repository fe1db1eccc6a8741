using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The personstates table: partition = the person key's shard, row = the key. The classify step writes a
/// person's merged state and stage together, guarded by the ETag it read; identity moves and forwarded deltas
/// are read-merge-write with the same guard. Because merging states is idempotent a retry after a conflict or a
/// crash never double counts. A key merged into another (an anonymous visitor who identified) keeps a row
/// pointing to its new home, so anything folded into it later is forwarded.
/// </summary>
public sealed class PersonStateStore(StorageClients clients) : IPersonStateStore
{
    private const int MaxForwardHops = 8;

    // Forwards into one transaction's rows while it is written; more than this is not a race but a runaway.
    private const int MaxReconciles = 16;

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
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(key), StoredKey.Escape(key), cancellationToken: cancellationToken);
        return response.HasValue ? ToRow(response.Value!) : null;
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
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(from), StoredKey.Escape(from), cancellationToken: cancellationToken);
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
            entity.Remove(PendingProperty);
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

    /// <summary>
    /// Writes classified rows, one partition's transactions of up to 100 at a time: a new person is an insert, a
    /// known one a replace guarded by the ETag it was read with. Another shard's classify may forward a delta into
    /// one of these people between this step's read and its write (creating the row, or merging into it); the
    /// conflicting row then takes that state in (merging is a union) and stays marked pending, so the round the
    /// forward asked for classifies it with everything. Any other conflict (an overlapping run) is thrown and the
    /// caller redoes the step from a fresh read.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<PersonWrite> rows, CancellationToken cancellationToken)
    {
        var chunks = rows.GroupBy(r => Partition(r.State.Key), StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(TransactionBatcher.MaxTransactionSize))
            .ToList();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = TableBatches.MaxConcurrent, CancellationToken = cancellationToken }, async (chunk, token) =>
            await WriteChunkAsync(chunk, token));
    }

    private async Task WriteChunkAsync(PersonWrite[] rows, CancellationToken cancellationToken)
    {
        for (var reconciled = 0; ; reconciled++)
        {
            int failed;
            try
            {
                await _table.SubmitTransactionAsync(rows.Select(ToAction), cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && ex.FailedTransactionActionIndex is { } index && reconciled < MaxReconciles)
            {
                failed = index;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new PersonWriteConflictException("A personstates row changed while it was being classified.", ex);
            }

            rows[failed] = await ReconcileAsync(rows[failed], cancellationToken)
                ?? throw new PersonWriteConflictException($"Personstates row {rows[failed].State.Key} changed while it was being classified, and not by a forward.");
        }
    }

    /// <summary>The write again, over the row as it is now: null when the row is gone or now points elsewhere.</summary>
    private async Task<PersonWrite?> ReconcileAsync(PersonWrite write, CancellationToken cancellationToken)
    {
        var key = write.State.Key;
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(key), StoredKey.Escape(key), cancellationToken: cancellationToken);
        if (!stored.HasValue || stored.Value!.GetString("MergedInto") is not null)
        {
            return null;
        }

        var state = PersonStateSerializer.Read(stored.Value);
        state.Merge(write.State);
        return write with { State = state, StateJson = PersonStateJson.Serialize(state), Version = stored.Value.ETag.ToString(), Pending = true };
    }

    private static TableTransactionAction ToAction(PersonWrite r)
    {
        var entity = NewEntity(r.State.Key);
        PersonStateSerializer.Write(entity, r.StateJson);
        if (r.Stage is { } stage)
        {
            entity["Stage"] = stage.ToString();
        }

        if (r.StageEntered is { } entered)
        {
            entity["StageEntered"] = entered.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (r.MemberHash is not null)
        {
            entity["MemberHash"] = r.MemberHash;
        }

        if (r.Spells is not null)
        {
            entity["Spells"] = r.Spells;
        }

        if (r.ChangedIn is not null)
        {
            entity[ChangedInProperty] = r.ChangedIn;
        }

        if (r.Pending)
        {
            entity[PendingProperty] = true;
        }

        // Null properties are not stored by a replace; drop them so the row holds exactly what it should.
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return r.Version is { } version
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(version))
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    /// <summary>
    /// Merges a delta folded under a key that has since been merged into another person into that person's row
    /// (following the forwarding pointers). Returns the key it landed on and whether that row now needs
    /// classifying: its state changed, or an earlier merge changed it and no classify has written it since. The
    /// second case is what makes a retried or rerun classify ask again for a shard a failed attempt already
    /// merged into, instead of leaving that person's stage as it was before the merge.
    /// </summary>
    public Task<(string Key, bool Changed)> ForwardAsync(string key, PersonState delta, CancellationToken cancellationToken) => MergeOneAsync(key, delta, cancellationToken);

    /// <summary>The row property saying a merge changed the state since the row was last classified.</summary>
    public const string PendingProperty = "Pending";

    /// <summary>The row property naming the run that last changed the person's member row.</summary>
    public const string ChangedInProperty = "ChangedIn";

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

    private async Task<(string Key, bool Changed)> MergeOneAsync(string key, PersonState delta, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop < MaxForwardHops;)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(key), StoredKey.Escape(key), cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    var fresh = NewEntity(key);
                    PersonStateSerializer.Write(fresh, Rekey(delta, key));
                    fresh[PendingProperty] = true;
                    await _table.AddEntityAsync(fresh, cancellationToken);
                    return (key, true);
                }

                var entity = existing.Value!;
                if (entity.GetString("MergedInto") is { } target)
                {
                    key = target;
                    hop++;
                    continue;
                }

                var stored = entity.GetString("State");
                var state = PersonStateSerializer.Read(entity);
                state.Merge(delta);
                var json = PersonStateJson.Serialize(state);
                if (string.Equals(json, stored, StringComparison.Ordinal))
                {
                    return (key, entity.GetBoolean(PendingProperty) == true);
                }

                PersonStateSerializer.Write(entity, json);
                entity[PendingProperty] = true;
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return (key, true);
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

    private static TableEntity NewEntity(string key) => new(Partition(key), StoredKey.Escape(key)) { ["PersonKey"] = key };

    private static PersonRow ToRow(TableEntity entity)
    {
        var key = entity.GetString("PersonKey") ?? entity.RowKey;
        var merged = entity.GetString("MergedInto");
        var state = merged is null ? PersonStateSerializer.Read(entity) : new PersonState { Key = key };
        LifecycleStage? stage = Enum.TryParse<LifecycleStage>(entity.GetString("Stage"), out var s) ? s : null;
        DateOnly? entered = DateOnly.TryParseExact(entity.GetString("StageEntered"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new PersonRow(key, state, stage, entered, entity.GetString("MemberHash"), merged)
        {
            Spells = entity.GetString("Spells"),
            StateJson = entity.GetString("State"),
            Pending = entity.GetBoolean(PendingProperty) == true,
            ChangedIn = entity.GetString(ChangedInProperty),
            Version = entity.ETag.ToString(),
        };
    }
}
