using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// A queue message holds one event, or several as <c>{"batch":[...]}</c> (as the Segment batch call does):
/// order and ad systems report in bulk, and one message per hundred orders costs a hundredth of the queue
/// transactions. Each item is validated on its own.
/// </summary>
public static class QueueMessageItems
{
    public const int MaxBatchItems = 500;

    /// <param name="fallbackId">An id for an event that carries none: the queue message's id (with the item's index in
    /// a batch), the same on every redelivery.</param>
    public delegate EventParseResult ItemParser(JsonElement json, string body, DateTimeOffset receivedAt, string? fallbackId);

    /// <param name="messageId">The queue message's id, for events that carry no id of their own.</param>
    /// <returns>One result per item, with the item's index in the batch (null for a single-event message).</returns>
    public static IReadOnlyList<(int? Index, EventParseResult Result)> Parse(string body, DateTimeOffset receivedAt, ItemParser parse, string? messageId = null)
    {
        if (!QueueMessageJson.TryParseObject(body, out var document, out var failure))
        {
            return [(null, failure!)];
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!root.TryGetProperty("batch", out var batch))
            {
                return [(null, parse(root, body, receivedAt, messageId))];
            }

            var envelope = new JsonFieldReader();
            DuplicateKeys.CheckEnvelope(root, envelope, "batch");
            if (envelope.HasErrors)
            {
                return [(null, EventParseResult.Invalid(envelope.Errors))];
            }

            if (batch.ValueKind != JsonValueKind.Array || batch.GetArrayLength() == 0)
            {
                return [(null, EventParseResult.Invalid("batch", "type:array", "'batch' must be a non-empty array of events."))];
            }

            if (batch.GetArrayLength() > MaxBatchItems)
            {
                return [(null, EventParseResult.Invalid("batch", "max-items", $"'batch' holds {batch.GetArrayLength()} events; the limit is {MaxBatchItems} per message."))];
            }

            var results = new List<(int?, EventParseResult)>();
            var index = 0;
            foreach (var item in batch.EnumerateArray())
            {
                var raw = item.GetRawText();
                var result = item.ValueKind == JsonValueKind.Object
                    ? parse(item, raw, receivedAt, messageId is null ? null : $"{messageId}:{index}")
                    : EventParseResult.Invalid("$", "type:object", $"A batch item must be a JSON object, not {JsonFieldReader.Describe(item.ValueKind)}.");
                results.Add((index, result.IsValid ? result : result.WithRaw(raw)));
                index++;
            }

            return results;
        }
    }
}
