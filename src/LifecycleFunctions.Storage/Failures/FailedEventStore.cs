using System.Text;
using Azure;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>
/// The failed-events table: partition = queue name, row = the queue message id, so a redelivered bad message
/// is recorded once. A replay's
/// version of a row is its ETag.
/// </summary>
public sealed class FailedEventStore(StorageClients clients, TimeProvider time) : IFailedInputSink, IFailedInputStore
{
    // A string property holds at most 32K UTF-16 characters; a queue message may be 64 KiB, which fits as bytes.
    private const int MaxStringChars = 32_000;

    private readonly TableClient _table = clients.Table(StorageNames.FailedEventsTable);

    public async Task RecordAsync(string queue, string messageId, string rawBody, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        var entity = NewRecord(queue, messageId, reason, dequeueCount);
        if (rawBody.Length <= MaxStringChars)
        {
            entity["RawBody"] = rawBody;
        }
        else
        {
            entity["RawBodyUtf8"] = Encoding.UTF8.GetBytes(rawBody);
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Input whose bytes are not UTF-8 text, kept as sent: base64 in <c>RawBase64</c> (binary <c>RawBytes</c> when
    /// that would pass a string property's limit), <c>RawBody</c> left out, as there is no text to show.
    /// </summary>
    public async Task RecordBytesAsync(string queue, string messageId, byte[] raw, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        var entity = NewRecord(queue, messageId, reason, dequeueCount);
        var base64 = Convert.ToBase64String(raw);
        if (base64.Length <= MaxStringChars)
        {
            entity["RawBase64"] = base64;
        }
        else
        {
            entity["RawBytes"] = raw;
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>A row per input: an id too long to be a key itself (the very input refused for it) is keyed by its digest.</summary>
    private TableEntity NewRecord(string queue, string messageId, string reason, long dequeueCount) => new(queue, StoredKey.EscapeOrDigest(messageId))
    {
        ["Queue"] = queue,
        ["MessageId"] = messageId,
        ["Reason"] = reason.Length > MaxStringChars ? reason[..MaxStringChars] : reason,
        ["DequeueCount"] = dequeueCount,
        ["FailedAt"] = time.GetUtcNow(),
    };

    public async Task<IReadOnlyList<FailedEvent>> ListAsync(string queue, CancellationToken cancellationToken)
    {
        var list = new List<FailedEvent>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == queue, cancellationToken: cancellationToken))
        {
            list.Add(ToFailedEvent(e));
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
            list.Add(new StoredFailedEvent(ToFailedEvent(e), e.RowKey, e.ETag));
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
            await _table.UpdateEntityAsync(new TableEntity(queue, rowKey) { ["ReplayedAt"] = at }, asRead, TableUpdateMode.Merge, cancellationToken);
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

    private static FailedEvent ToFailedEvent(TableEntity e)
    {
        var raw = e.GetString("RawBody") ?? (e.GetBinary("RawBodyUtf8") is { } bytes ? Encoding.UTF8.GetString(bytes) : string.Empty);
        var rawBytes = e.GetString("RawBase64") is { } base64 ? Convert.FromBase64String(base64) : e.GetBinary("RawBytes");
        return new FailedEvent(e.PartitionKey, e.GetString("MessageId") ?? e.RowKey, e.GetString("Reason") ?? string.Empty, raw, e.GetInt64("DequeueCount") ?? 0, e.GetDateTimeOffset("FailedAt") ?? default, e.GetDateTimeOffset("ReplayedAt"))
        {
            RawBytes = rawBytes,
        };
    }
}
