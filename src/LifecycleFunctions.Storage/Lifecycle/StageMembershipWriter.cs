using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Writes what changed for a person: their row in the stagemembers table (partition = stage, so a report reads
/// one stage with one partition query), their stage history, and a message on the stage-changes queue.
/// Every write is an upsert or a delete keyed by the person, so a rerun rewrites the same rows.
/// </summary>
public sealed class StageMembershipWriter(StorageClients clients)
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
    /// instead of five in a row, which is what a night with few changes per shard spends its time on.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        var removals = changes.Where(c => c.Member is not null && c.Previous is not null && c.Previous != c.Member.Stage)
            .Select(c => (Partition: c.Previous!.Value.ToString(), Row: TableKey.Escape(c.PersonKey)))
            .ToList();
        await Task.WhenAll(
            DeleteAsync(_members, removals, cancellationToken),
            TableBatches.UpsertAsync(_members, changes.Where(c => c.Member is not null).Select(c => MemberEntity(c.Member!)).ToList(), cancellationToken),

            // History partitions by the person's shard (rows "{person}|{entered}-{stage}"), so one transaction carries many people.
            TableBatches.UpsertAsync(_history, changes.SelectMany(c => c.SpellsToWrite.Select(spell => HistoryEntity(c.PersonKey, spell))).ToList(), cancellationToken),
            DeleteAsync(_history, changes.SelectMany(c => c.SpellRowsToDelete.Select(row => (PersonStateStore.Partition(c.PersonKey), row))).ToList(), cancellationToken),
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
        DeleteOneByOneAsync(_members, people.Select(p => (p.Stage.ToString(), TableKey.Escape(p.Key))), cancellationToken);

    /// <summary>The stagehistory row key of one spell.</summary>
    public static string HistoryRow(string person, StageSpell spell) => $"{TableKey.Escape(person)}|{StageSpellCodes.RowSuffix(spell)}";

    /// <summary>The row-key range holding one person's history in their partition.</summary>
    public static (string Partition, string From, string To) HistoryRange(string person) =>
        (PersonStateStore.Partition(person), TableKey.Escape(person) + "|", TableKey.Escape(person) + "|~");

    public static TableEntity MemberEntity(StageMember m)
    {
        var entity = new TableEntity(m.Stage.ToString(), TableKey.Escape(m.PersonKey))
        {
            ["PersonKey"] = m.PersonKey,
            ["Stage"] = m.Stage.ToString(),
            ["Entered"] = Date(m.Entered),
            ["FirstTouchChannel"] = m.FirstTouchChannel,
            ["Orders"] = m.Orders,
            ["Revenue"] = m.Revenue.ToString(CultureInfo.InvariantCulture),
            ["NextAction"] = m.NextAction,
        };
        if (m.LastOrder is { } last)
        {
            entity["LastOrder"] = Date(last);
        }

        if (m.Email is not null)
        {
            entity["Email"] = m.Email;
        }

        return entity;
    }

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

    private static async Task DeleteAsync(TableClient table, IReadOnlyList<(string Partition, string Row)> rows, CancellationToken cancellationToken)
    {
        foreach (var partition in rows.GroupBy(r => r.Partition, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(TransactionBatcher.MaxTransactionSize))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), Azure.ETag.All)), cancellationToken);
                }
                catch (Azure.RequestFailedException ex) when (ex.Status == 404)
                {
                    // A rerun after a crash: some rows are gone already, and a transaction is all or nothing.
                    await DeleteOneByOneAsync(table, chunk, cancellationToken);
                }
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
