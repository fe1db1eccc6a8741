using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>
/// The failed-events table (its rows as <see cref="FailedEventEntity"/> lays them out). A replay's version of a
/// row is its ETag.
/// </summary>
public sealed class FailedEventStore(StorageClients clients, TimeProvider time) : IFailedInputSink, IFailedInputStore
{
    private readonly TableClient _table = clients.Table(StorageNames.FailedEventsTable);

    public async Task RecordAsync(
        string queue, string messageId, string rawBody, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        var entity = FailedEventEntity.ToEntity(queue, messageId, rawBody, reason, dequeueCount, time.GetUtcNow());
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <inheritdoc cref="FailedEventEntity.ToEntity(string, string, byte[], string, long, DateTimeOffset)"/>
    public async Task RecordBytesAsync(
        string queue, string messageId, byte[] raw, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        var entity = FailedEventEntity.ToEntity(queue, messageId, raw, reason, dequeueCount, time.GetUtcNow());
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<FailedEvent>> ListAsync(string queue, CancellationToken cancellationToken)
    {
        var list = new List<FailedEvent>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == queue, cancellationToken: cancellationToken))
        {
            list.Add(FailedEventEntity.FromEntity(e));
        }

        return list;
    }

    /// <summary>Every partition's rows, with their versions.</summary>
    public Task<IReadOnlyList<StoredFailedEvent>> ListAllAsync(CancellationToken cancellationToken) =>
        ListAsync(new HashSet<string>(), cancellationToken);

    /// <summary>
    /// The rows of these sources (partitions), with their versions; every partition's when none is named. Asked of
    /// the table, so a replay of one source does not read another's bodies.
    /// </summary>
    public async Task<IReadOnlyList<StoredFailedEvent>> ListAsync(IReadOnlySet<string> sources, CancellationToken cancellationToken)
    {
        var filter = sources.Count == 0 ? null : string.Join(" or ", sources.Order(StringComparer.Ordinal).Select(s => TableClient.CreateQueryFilter($"PartitionKey eq {s}")));
        var list = new List<StoredFailedEvent>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new StoredFailedEvent(FailedEventEntity.FromEntity(e), e.RowKey, e.ETag));
        }

        return list;
    }

    async Task<IReadOnlyList<StoredFailedInput>> IFailedInputStore.ListAsync(IReadOnlySet<string> sources, CancellationToken cancellationToken) =>
        [.. (await ListAsync(sources, cancellationToken)).Select(ToStoredInput)];

    Task<bool> IFailedInputStore.DeleteIfUnchangedAsync(StoredFailedInput record, CancellationToken cancellationToken) =>
        DeleteIfUnchangedAsync(record.Input.Source, record.Key, new ETag(record.Version), cancellationToken);

    Task<bool> IFailedInputStore.MarkReplayedIfUnchangedAsync(StoredFailedInput record, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkReplayedIfUnchangedAsync(record.Input.Source, record.Key, new ETag(record.Version), at, cancellationToken);

    /// <inheritdoc cref="IFailedInputStore.MarkReplayedIfUnchangedAsync"/>
    public Task<bool> MarkReplayedIfUnchangedAsync(StoredFailedEvent stored, DateTimeOffset at, CancellationToken cancellationToken) =>
        MarkReplayedIfUnchangedAsync(stored.Event.Queue, stored.RowKey, stored.ETag, at, cancellationToken);

    private async Task<bool> DeleteIfUnchangedAsync(string queue, string rowKey, ETag asRead, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(queue, rowKey, asRead, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return true;
        }
    }

    private async Task<bool> MarkReplayedIfUnchangedAsync(
        string queue, string rowKey, ETag asRead, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(FailedEventEntity.ReplayedMark(queue, rowKey, at), asRead, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return true;
        }
    }

    private static StoredFailedInput ToStoredInput(StoredFailedEvent row) => new(
        new FailedInput(row.Event.Queue, row.Event.MessageId, row.Event.Reason, row.Event.RawBody, row.Event.FailedAt, row.Event.ReplayedAt)
        {
            NotText = row.Event.RawBytes is not null,
        },
        row.RowKey,
        row.ETag.ToString());
}
