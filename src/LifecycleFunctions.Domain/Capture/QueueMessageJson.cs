using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>Shared first steps of the queue message parsers: the body must be one JSON object.</summary>
internal static class QueueMessageJson
{
    public static bool TryParseObject(string body, out JsonDocument? document, out EventParseResult? failure)
    {
        document = null;
        failure = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            failure = EventParseResult.Invalid("$", "json", "The message body is empty; expected a JSON object.");
            return false;
        }

        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            failure = EventParseResult.Invalid("$", "json", $"The message body is not valid JSON: {ex.Message}");
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            failure = EventParseResult.Invalid("$", "type:object", $"The message must be a JSON object, not {JsonFieldReader.Describe(document.RootElement.ValueKind)}.");
            document.Dispose();
            document = null;
            return false;
        }

        return true;
    }

    /// <summary>One event's message body: parsed as a JSON object, then validated by <paramref name="parse"/>.</summary>
    public static EventParseResult ParseSingle(string body, DateTimeOffset receivedAt, QueueMessageItems.ItemParser parse)
    {
        if (!TryParseObject(body, out var document, out var failure))
        {
            return failure!;
        }

        using (document)
        {
            return parse(document!.RootElement, body, receivedAt, null);
        }
    }
}
