using System.Text;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>
/// The failed-events table's schema, shared by the store (<see cref="FailedEventStore"/>) and the status's count
/// (<see cref="Operations.PipelineSnapshotReader"/>): partition = the queue name, row = the message id, so a
/// redelivered bad message is recorded once.
/// </summary>
public static class FailedEventEntity
{
    /// <summary>Set on a row a replay sent without its poison message (see FailedInput.ReplayedAt).</summary>
    public const string ReplayedAtProperty = "ReplayedAt";

    // A string property holds at most 32K UTF-16 characters; a queue message may be 64 KiB, which fits as bytes.
    private const int MaxStringChars = 32_000;

    /// <summary>A row per input: an id too long to be a key itself (the very input refused for it) is keyed by its digest.</summary>
    public static TableEntity ToEntity(string queue, string messageId, string rawBody, string reason, long dequeueCount, DateTimeOffset failedAt)
    {
        var entity = NewRecord(queue, messageId, reason, dequeueCount, failedAt);
        if (rawBody.Length <= MaxStringChars)
        {
            entity["RawBody"] = rawBody;
        }
        else
        {
            entity["RawBodyUtf8"] = Encoding.UTF8.GetBytes(rawBody);
        }

        return entity;
    }

    /// <summary>
    /// Input whose bytes are not UTF-8 text, kept as sent: base64 in <c>RawBase64</c> (binary <c>RawBytes</c> when
    /// that would pass a string property's limit), <c>RawBody</c> left out, as there is no text to show.
    /// </summary>
    public static TableEntity ToEntity(string queue, string messageId, byte[] raw, string reason, long dequeueCount, DateTimeOffset failedAt)
    {
        var entity = NewRecord(queue, messageId, reason, dequeueCount, failedAt);
        var base64 = Convert.ToBase64String(raw);
        if (base64.Length <= MaxStringChars)
        {
            entity["RawBase64"] = base64;
        }
        else
        {
            entity["RawBytes"] = raw;
        }

        return entity;
    }

    public static FailedEvent FromEntity(TableEntity e)
    {
        var raw = e.GetString("RawBody") ?? (e.GetBinary("RawBodyUtf8") is { } bytes ? Encoding.UTF8.GetString(bytes) : string.Empty);
        var rawBytes = e.GetString("RawBase64") is { } base64 ? Convert.FromBase64String(base64) : e.GetBinary("RawBytes");
        return new FailedEvent(
            e.PartitionKey,
            e.GetString("MessageId") ?? e.RowKey,
            e.GetString("Reason") ?? string.Empty,
            raw,
            e.GetInt64("DequeueCount") ?? 0,
            e.GetDateTimeOffset("FailedAt") ?? default,
            e.GetDateTimeOffset(ReplayedAtProperty))
        {
            RawBytes = rawBytes,
        };
    }

    /// <summary>What a merge writes to mark a row as sent by a replay.</summary>
    public static TableEntity ReplayedMark(string queue, string rowKey, DateTimeOffset at) => new(queue, rowKey) { [ReplayedAtProperty] = at };

    /// <summary>Whether a row (or a selection holding <see cref="ReplayedAtProperty"/>) was marked as sent by a replay.</summary>
    public static bool IsReplayed(TableEntity e) => e.TryGetValue(ReplayedAtProperty, out var value) && value is not null;

    private static TableEntity NewRecord(string queue, string messageId, string reason, long dequeueCount, DateTimeOffset failedAt) =>
        new(queue, StoredKey.EscapeOrDigest(messageId))
        {
            ["Queue"] = queue,
            ["MessageId"] = messageId,
            ["Reason"] = reason.Length > MaxStringChars ? reason[..MaxStringChars] : reason,
            ["DequeueCount"] = dequeueCount,
            ["FailedAt"] = failedAt,
        };
}
