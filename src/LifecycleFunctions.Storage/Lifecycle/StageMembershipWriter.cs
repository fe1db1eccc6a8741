using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Writes what changed for a person: their row in the stagemembers table (partition = stage, so a report reads
/// one stage with one partition query), their stage history, and a message on the stage-changes queue.
/// Every write is an upsert or a delete keyed by the person, so a rerun rewrites the same rows.
/// </summary>
public sealed class StageMembershipWriter(StorageClients clients) : IStageMembershipStore
{
    private const int MaxParallel = 16;

    private readonly TableClient _members = clients.Table(StorageNames.StageMembersTable);
    private readonly TableClient _history = clients.Table(StorageNames.StageHistoryTable);
    private readonly QueueClient _changes = clients.Queue(StorageNames.StageChangesQueue);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>
    /// Every write here touches a different row (a person appears once in a batch; their old stage's row and
    /// their new one are in different partitions), so they go out together: one storage round trip's wait
    /// instead of five in a row, which is what a night with few changes per shard spends its time on. A
    /// partition's upserts and deletes share its transactions: people leave and enter the same stages, and a
    /// transaction costs the storage about as much as its first rows again.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        var members = changes.Where(c => c.Member is not null && c.Previous is not null && c.Previous != c.Member.Stage)
            .Select(c => Delete(StageMemberEntity.Partition(c.Previous!.Value), StageMemberEntity.RowKey(c.PersonKey)))
            .Concat(changes.Where(c => c.Member is not null).Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, StageMemberEntity.ToEntity(c.Member!))));

        // History partitions by the person's shard (rows "{person}|{entered}-{stage}"), so one transaction carries many people.
        var history = changes.SelectMany(c => c.SpellRowsToDelete.Select(row => Delete(PersonStateStore.Partition(c.PersonKey), row)))
            .Concat(changes.SelectMany(c => c.SpellsToWrite.Select(spell => new TableTransactionAction(TableTransactionActionType.UpsertReplace, HistoryEntity(c.PersonKey, spell)))));
        await Task.WhenAll(
            SubmitAsync(_members, members.ToList(), cancellationToken),
            SubmitAsync(_history, history.ToList(), cancellationToken),
            SweepHistoryAsync(changes, cancellationToken),
            NotifyAsync(changes, cancellationToken));
    }

    /// <summary>Rows written before the spells were kept on the person: find the obsolete spells by a range query, once.</summary>
    private Task SweepHistoryAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(changes.Where(c => c.SweepHistory), new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = cancellationToken }, async (change, token) =>
        {
            var (partition, from, to) = HistoryRange(change.PersonKey);
            var current = change.History.Select(spell => HistoryRow(change.PersonKey, spell)).ToHashSet(StringComparer.Ordinal);
            await foreach (var row in _history.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0, select: ["RowKey"], cancellationToken: token))
            {
                if (!current.Contains(row.RowKey))
                {
                    await _history.DeleteEntityAsync(partition, row.RowKey, Azure.ETag.All, token);
                }
            }
        });

    private Task NotifyAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(changes.Where(c => c.Notification is not null), new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = cancellationToken }, async (change, token) =>
        {
            var notification = change.Notification!;
            await _changes.SendMessageAsync(JsonSerializer.Serialize(new
            {
                id = notification.Id,
                person = notification.Person,
                from = notification.From?.ToString(),
                to = notification.To.ToString(),
                at = notification.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reactivation = notification.IsReactivation,
                reason = notification.Reason,
            }, Json), token);
        });

    /// <summary>Removes people who were merged into someone else from their stage's member list.</summary>
    public Task RetireAsync(IReadOnlyList<(string Key, LifecycleStage Stage)> people, CancellationToken cancellationToken) =>
        DeleteOneByOneAsync(_members, people.Select(p => (StageMemberEntity.Partition(p.Stage), StageMemberEntity.RowKey(p.Key))), cancellationToken);

    /// <summary>The stagehistory row key of one spell.</summary>
    public static string HistoryRow(string person, StageSpell spell) => $"{StoredKey.Escape(person)}|{StageSpellCodes.RowSuffix(spell)}";

    /// <summary>The row-key range holding one person's history in their partition.</summary>
    public static (string Partition, string From, string To) HistoryRange(string person) =>
        (PersonStateStore.Partition(person), StoredKey.Escape(person) + "|", StoredKey.Escape(person) + "|~");

    private static TableEntity HistoryEntity(string person, StageSpell spell)
    {
        var entity = new TableEntity(PersonStateStore.Partition(person), HistoryRow(person, spell))
        {
            ["PersonKey"] = person,
            ["Stage"] = spell.Stage.ToString(),
            ["Entered"] = Date(spell.Entered),
            ["Reactivation"] = spell.IsReactivation,
        };
        if (spell.Exited is { } exited)
        {
            entity["Exited"] = Date(exited);
            entity["DaysInStage"] = spell.DaysInStage(exited);
        }

        if (spell.Previous is { } previous)
        {
            entity["Previous"] = previous.ToString();
        }

        return entity;
    }

    private static DateTimeOffset Date(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static TableTransactionAction Delete(string partition, string row) =>
        new(TableTransactionActionType.Delete, new TableEntity(partition, row), Azure.ETag.All);

    private static Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        TableBatches.SubmitAsync(actions, (chunk, token) => SubmitDroppingGoneDeletesAsync(table, chunk, token), cancellationToken);

    /// <summary>
    /// A delete of a row that is gone already (a rerun after a crash) fails its whole transaction, so it is
    /// dropped and the rest submitted again. Any other failure, or a 404 with no delete left to blame, is thrown.
    /// </summary>
    private static async Task SubmitDroppingGoneDeletesAsync(TableClient table, TableTransactionAction[] chunk, CancellationToken cancellationToken)
    {
        var pending = chunk.ToList();
        while (pending.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(pending, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.FailedTransactionActionIndex is { } index && pending[index].ActionType == TableTransactionActionType.Delete)
            {
                pending.RemoveAt(index);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404 && pending.Any(p => p.ActionType == TableTransactionActionType.Delete))
            {
                // The service did not say which action failed: the deletes one at a time, the rest together.
                var deletes = pending.Where(p => p.ActionType == TableTransactionActionType.Delete).Select(p => (p.Entity.PartitionKey, p.Entity.RowKey)).ToList();
                pending.RemoveAll(p => p.ActionType == TableTransactionActionType.Delete);
                await DeleteOneByOneAsync(table, deletes, cancellationToken);
            }
        }
    }

    private static async Task DeleteOneByOneAsync(TableClient table, IEnumerable<(string Partition, string Row)> rows, CancellationToken cancellationToken)
    {
        foreach (var (partition, row) in rows)
        {
            try
            {
                await table.DeleteEntityAsync(partition, row, Azure.ETag.All, cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone: a rerun after a crash.
            }
        }
    }
}
