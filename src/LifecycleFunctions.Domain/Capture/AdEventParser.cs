using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>Validates an ad platform message from the <c>ad-events</c> queue (impression or click).</summary>
public static class AdEventParser
{
    public static EventParseResult Parse(string body, DateTimeOffset receivedAt) => QueueMessageJson.ParseSingle(body, receivedAt, Parse);

    /// <summary>One message already parsed as JSON: alone, or an item of a batch message; <paramref name="body"/> is its JSON text.</summary>
    /// <param name="fallbackId">
    /// The queue message's id, for a report without messageId or clickId: two identical hourly impression reports
    /// are two reports, while a redelivered message keeps its id. Without it (a body alone), the body's hash.
    /// </param>
    public static EventParseResult Parse(JsonElement json, string body, DateTimeOffset receivedAt, string? fallbackId = null)
    {
        var r = new JsonFieldReader();
        DuplicateKeys.Check(json, r);
        var declared = r.RequiredText(json, "type", maxLength: 20);
        var type = declared switch
        {
            null => null,
            "impression" => EventTypes.AdImpression,
            "click" => EventTypes.AdClick,
            _ => null,
        };
        if (declared is not null && type is null)
        {
            r.Fail("type", "one-of", $"'type' must be 'impression' or 'click' (got '{declared}').");
        }

        var messageId = r.OptionalText(json, "messageId");
        var timestamp = r.OptionalTimestamp(json, "timestamp");
        var channel = r.RequiredText(json, "channel", maxLength: 100);
        var campaign = r.RequiredText(json, "campaign", maxLength: 200);
        var ad = r.OptionalText(json, "ad", maxLength: 200);
        var cost = r.OptionalNumber(json, "cost", nonNegative: true);
        var currency = r.OptionalText(json, "currency", maxLength: 3);
        var clickId = r.OptionalText(json, "clickId");
        var count = r.OptionalPositiveInteger(json, "count");
        var anonymousId = r.OptionalText(json, "anonymousId", acceptNumber: true);
        var userId = r.OptionalText(json, "userId", acceptNumber: true);

        if (timestamp is { } stated)
        {
            EventTimestampRule.Check(stated, receivedAt, r);
        }

        if (type == EventTypes.AdClick && count is > 1)
        {
            r.Fail("count", "click-count", "A click message stands for one click; send one message per click (with its clickId).");
        }

        if (r.HasErrors || type is null)
        {
            return EventParseResult.Invalid(r.Errors);
        }

        var captured = new CapturedEvent
        {
            MessageId = messageId ?? clickId ?? (fallbackId is null ? ContentId.Of("ad-", body) : "ad-" + fallbackId),
            Type = type,
            Source = EventSources.Ads,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = timestamp ?? receivedAt,
            ReceivedAt = receivedAt,
            Channel = channel,
            Campaign = campaign,
            Ad = ad,
            Cost = cost,
            Currency = currency?.ToUpperInvariant(),
            ClickId = clickId,
            Count = count ?? 1,
            Payload = body,
        };
        StoredKeyRule.Check(captured, r, field => field switch
        {
            StoredKeyField.MessageId => messageId is null && clickId is not null ? "clickId" : "messageId",
            StoredKeyField.UserId => "userId",
            StoredKeyField.AnonymousId => "anonymousId",
            StoredKeyField.Campaign => "campaign",
            _ => "channel",
        });
        return r.HasErrors ? EventParseResult.Invalid(r.Errors) : EventParseResult.Valid(captured);
    }
}
