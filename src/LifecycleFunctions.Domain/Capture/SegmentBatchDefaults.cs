using System.Text.Json;
using System.Text.Json.Nodes;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>Batch-level fields that Segment applies to every event of the batch that does not carry its own.</summary>
public readonly record struct SegmentBatchDefaults(DateTimeOffset? SentAt, JsonElement Context)
{
    public static SegmentBatchDefaults None => new(null, default);

    /// <summary>
    /// The item's JSON as the batch applies to it: the batch's <c>sentAt</c> when it has none, and each section of
    /// the batch's <c>context</c> it does not have as an object itself (as the parser reads them). Kept for a rejected item, so
    /// a replay of it alone still corrects its clock skew and keeps its campaign, page and traits.
    /// </summary>
    public string Apply(JsonElement item)
    {
        try
        {
            return ApplyTo(item);
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape ("\ud800") cannot be rewritten by JsonNode; kept as sent, it still replays.
            return item.GetRawText();
        }
    }

    private string ApplyTo(JsonElement item)
    {
        var hasContext = Context.ValueKind == JsonValueKind.Object && Context.EnumerateObject().Any();
        if ((SentAt is null && !hasContext) || JsonNode.Parse(item.GetRawText()) is not JsonObject json)
        {
            return item.GetRawText();
        }

        if (SentAt is { } sentAt && json["sentAt"] is null)
        {
            json["sentAt"] = sentAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (hasContext)
        {
            if (json["context"] is not JsonObject context)
            {
                if (json["context"] is not null)
                {
                    // Not an object: the item is refused for it already; leave it as sent.
                    return json.ToJsonString();
                }

                json["context"] = context = new JsonObject();
            }

            foreach (var section in Context.EnumerateObject())
            {
                // The parser reads an item's section only when it is an object, else the batch's.
                if (context[section.Name] is not JsonObject)
                {
                    context[section.Name] = JsonNode.Parse(section.Value.GetRawText());
                }
            }
        }

        return json.ToJsonString();
    }
}
