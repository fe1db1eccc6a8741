using System.Text;
using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Validates one event of the Segment HTTP Tracking API and turns it into a <see cref="CapturedEvent"/>.
/// Segment's e-commerce "Order Completed" / "Order Refunded" track events become purchases so they deduplicate
/// with the order system's queue messages by order id.
/// </summary>
public static class SegmentEventParser
{
    public const string OrderCompletedEvent = "Order Completed";
    public const string OrderRefundedEvent = "Order Refunded";

    /// <param name="json">The event object.</param>
    /// <param name="callType">The call named by the URL (/v1/track), or null inside a batch, where the event's own <c>type</c> decides.</param>
    public static EventParseResult Parse(JsonElement json, string? callType, DateTimeOffset receivedAt, SegmentBatchDefaults defaults)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return EventParseResult.Invalid("$", "type:object", $"An event must be a JSON object, not {JsonFieldReader.Describe(json.ValueKind)}.");
        }

        var raw = json.GetRawText();
        var size = Encoding.UTF8.GetByteCount(raw);
        if (size > SegmentLimits.MaxEventBytes)
        {
            return EventParseResult.Invalid("$", "max-event-size", $"The event is {size:N0} bytes; Segment's limit is {SegmentLimits.MaxEventBytes:N0} bytes (32 KB) per event.");
        }

        var r = new JsonFieldReader();
        DuplicateKeys.Check(json, r);
        var type = ResolveType(json, callType, r);

        var userId = r.OptionalText(json, "userId", acceptNumber: true);
        var anonymousId = r.OptionalText(json, "anonymousId", acceptNumber: true);
        var messageId = r.OptionalText(json, "messageId");
        var originalTimestamp = r.OptionalTimestamp(json, "timestamp") ?? r.OptionalTimestamp(json, "originalTimestamp");
        var sentAt = r.OptionalTimestamp(json, "sentAt") ?? defaults.SentAt;
        var properties = r.OptionalObject(json, "properties");
        r.OptionalObject(json, "traits");
        r.OptionalObject(json, "integrations");
        var context = r.OptionalObject(json, "context");

        string? eventName = null;
        string? previousId = null;
        switch (type)
        {
            case EventTypes.Track:
                eventName = r.RequiredText(json, "event", maxLength: 200);
                break;
            case EventTypes.Page or EventTypes.Screen:
                // A page's name is often its title, which runs longer than an event name.
                eventName = r.OptionalText(json, "name", maxLength: 1000);
                break;
            case EventTypes.Group:
                r.RequiredText(json, "groupId", acceptNumber: true);
                break;
            case EventTypes.Alias:
                previousId = r.RequiredText(json, "previousId", acceptNumber: true);
                if (userId is null && !r.Errors.Any(e => e.Field == "userId"))
                {
                    r.Fail("userId", "required", "An alias call needs 'userId': the identity that 'previousId' becomes.");
                }

                break;
        }

        if (userId is null && anonymousId is null && type is not null && type != EventTypes.Alias
            && !r.Errors.Any(e => e.Field is "userId" or "anonymousId"))
        {
            r.Fail("userId", "required-one-of", "Every event needs 'userId' or 'anonymousId' (or both).");
        }

        var purchase = type == EventTypes.Track ? ReadPurchase(eventName, properties, r) : default;
        var timestamp = SegmentTimestampRule.Correct(originalTimestamp, sentAt, receivedAt);
        EventTimestampRule.Check(timestamp, receivedAt, r, skewCorrected: originalTimestamp is not null && sentAt is not null);

        if (r.HasErrors || type is null)
        {
            return EventParseResult.Invalid(r.Errors);
        }

        // The batch's context applies to every item, merged key by key under the item's own.
        var campaign = ContextSection(context, defaults.Context, "campaign");
        var page = ContextSection(context, defaults.Context, "page");
        var contextTraits = ContextSection(context, defaults.Context, "traits");
        var captured = new CapturedEvent
        {
            MessageId = messageId ?? $"srv-{Guid.NewGuid():N}",
            Type = purchase.Type ?? type,
            Source = EventSources.Website,
            EventName = eventName,
            UserId = userId,
            AnonymousId = anonymousId,
            PreviousId = previousId,
            Timestamp = timestamp,
            ReceivedAt = receivedAt,
            OrderId = purchase.OrderId,
            RefundId = purchase.RefundId,
            Amount = purchase.Amount,
            Currency = purchase.Currency,
            Email = TextOf(json, "traits", "email") ?? TextOf(contextTraits, "email"),
            UtmSource = TextOf(campaign, "source"),
            UtmMedium = TextOf(campaign, "medium"),
            UtmCampaign = TextOf(campaign, "name"),
            UtmTerm = TextOf(campaign, "term"),
            UtmContent = TextOf(campaign, "content"),
            Referrer = TextOf(page, "referrer") ?? TextOf(properties, "referrer"),
            PageUrl = TextOf(page, "url") ?? TextOf(properties, "url"),
            Payload = raw,
        };
        StoredKeyRule.Check(captured, r, field => PathOf(field, captured));
        return r.HasErrors ? EventParseResult.Invalid(r.Errors) : EventParseResult.Valid(captured);
    }

    private static string PathOf(StoredKeyField field, CapturedEvent captured) => field switch
    {
        StoredKeyField.OrderId => "properties.order_id",
        StoredKeyField.RefundId => "properties.refund_id",
        StoredKeyField.UserId => "userId",
        StoredKeyField.AnonymousId => "anonymousId",
        StoredKeyField.PreviousId => "previousId",
        StoredKeyField.Channel => captured.UtmSource is not null ? "context.campaign.source" : "context.page.referrer",
        StoredKeyField.Campaign => "context.campaign.name",
        _ => "messageId",
    };

    private static JsonElement ContextSection(JsonElement context, JsonElement batchContext, string name) =>
        JsonFieldReader.TryGet(context, name, out var own) && own.ValueKind == JsonValueKind.Object ? own
        : JsonFieldReader.TryGet(batchContext, name, out var shared) && shared.ValueKind == JsonValueKind.Object ? shared
        : default;

    private static string? ResolveType(JsonElement json, string? callType, JsonFieldReader r)
    {
        if (callType is not null)
        {
            return callType;
        }

        var declared = r.RequiredText(json, "type", maxLength: 20);
        if (declared is null)
        {
            return null;
        }

        if (!SegmentCall.TryResolve(declared, out var type) || declared.Length == 1)
        {
            r.Fail("type", "one-of", $"'type' must be one of track, identify, page, screen, group, alias (got '{declared}').");
            return null;
        }

        return type;
    }

    private static (string? Type, string? OrderId, decimal? Amount, string? Currency, string? RefundId) ReadPurchase(string? eventName, JsonElement properties, JsonFieldReader r)
    {
        string? type = eventName switch
        {
            _ when string.Equals(eventName, OrderCompletedEvent, StringComparison.OrdinalIgnoreCase) => EventTypes.OrderCompleted,
            _ when string.Equals(eventName, OrderRefundedEvent, StringComparison.OrdinalIgnoreCase) => EventTypes.OrderRefunded,
            _ => null,
        };
        if (type is null)
        {
            return default;
        }

        var orderId = r.RequiredText(properties, "order_id", "properties.order_id", acceptNumber: true);
        // The e-commerce spec makes every money field optional; take the first one the sender gave.
        var amount = r.OptionalNumber(properties, "total", "properties.total", nonNegative: true)
                     ?? r.OptionalNumber(properties, "revenue", "properties.revenue", nonNegative: true)
                     ?? r.OptionalNumber(properties, "subtotal", "properties.subtotal", nonNegative: true)
                     ?? ProductsTotal(properties, r);
        if (type == EventTypes.OrderRefunded && amount == 0)
        {
            // A refund without an amount is a full refund; a zero one would silently become that too.
            r.Fail("properties.total", "positive", "An 'Order Refunded' event's 'total' must be above 0; leave it out to refund the whole order.");
        }

        if (amount is null && type == EventTypes.OrderCompleted && !r.Errors.Any(e => e.Field.StartsWith("properties.", StringComparison.Ordinal) && e.Field != "properties.order_id"))
        {
            r.Fail("properties.total", "required", "An 'Order Completed' event needs its amount: 'properties.total', 'revenue' or 'subtotal', or 'products' with a 'price' each.");
        }

        var currency = r.OptionalText(properties, "currency", "properties.currency", maxLength: 3);
        var refundId = type == EventTypes.OrderRefunded ? r.OptionalText(properties, "refund_id", "properties.refund_id", acceptNumber: true) : null;
        return (type, orderId, amount, currency?.ToUpperInvariant(), refundId);
    }

    /// <summary>The sum of price × quantity (1 when not given) over <c>properties.products</c>; null unless every product has a price.</summary>
    private static decimal? ProductsTotal(JsonElement properties, JsonFieldReader r)
    {
        if (!JsonFieldReader.TryGet(properties, "products", out var products) || products.ValueKind != JsonValueKind.Array || products.GetArrayLength() == 0)
        {
            return null;
        }

        var total = 0m;
        var index = 0;
        foreach (var product in products.EnumerateArray())
        {
            var reader = new JsonFieldReader();
            var price = reader.OptionalNumber(product, "price", $"properties.products[{index}].price", nonNegative: true);
            var quantity = reader.OptionalNumber(product, "quantity", $"properties.products[{index}].quantity", nonNegative: true) ?? 1m;
            index++;
            // A price or quantity past the amount limit is the sender's to fix, not a missing total.
            foreach (var range in reader.Errors.Where(e => e.Rule == AmountLimit.Rule))
            {
                r.Fail(range.Field, range.Rule, range.Detail);
            }

            if (price is null || reader.HasErrors)
            {
                return null;
            }

            try
            {
                total += price.Value * quantity;
            }
            catch (OverflowException)
            {
                total = decimal.MaxValue;
            }

            if (AmountLimit.Exceeds(total))
            {
                r.Fail("properties.products", AmountLimit.Rule,
                    $"The products' price × quantity adds up to more than the ±{AmountLimit.Max:0} an amount may be; send 'properties.total'.");
                return null;
            }
        }

        return total;
    }

    private static string? TextOf(JsonElement obj, params string[] path)
    {
        var current = obj;
        foreach (var name in path)
        {
            if (!JsonFieldReader.TryGet(current, name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? JsonText.OrNull(current) : null;
    }

    internal static string? Text(JsonElement obj, params string[] path) => TextOf(obj, path);
}
