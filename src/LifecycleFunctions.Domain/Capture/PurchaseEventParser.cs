using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>Validates an order system message from the <c>purchase-events</c> queue (order completed or refunded).</summary>
public static class PurchaseEventParser
{
    public static EventParseResult Parse(string body, DateTimeOffset receivedAt) => QueueMessageJson.ParseSingle(body, receivedAt, Parse);

    /// <summary>One message already parsed as JSON: alone, or an item of a batch message; <paramref name="body"/> is its JSON text.</summary>
    /// <param name="fallbackId">Not needed: a purchase without messageId is keyed by its order (and refund), whichever message carries it.</param>
    public static EventParseResult Parse(JsonElement json, string body, DateTimeOffset receivedAt, string? fallbackId = null)
    {
        var r = new JsonFieldReader();
        DuplicateKeys.Check(json, r);
        var declared = r.RequiredText(json, "type", maxLength: 30);
        var type = declared switch
        {
            null => null,
            EventTypes.OrderCompleted => EventTypes.OrderCompleted,
            EventTypes.OrderRefunded => EventTypes.OrderRefunded,
            _ => null,
        };
        if (declared is not null && type is null)
        {
            r.Fail("type", "one-of", $"'type' must be 'order_completed' or 'order_refunded' (got '{declared}').");
        }

        var orderId = r.RequiredText(json, "orderId", acceptNumber: true);
        var refundId = r.OptionalText(json, "refundId", acceptNumber: true);
        var userId = r.OptionalText(json, "userId", acceptNumber: true);
        var anonymousId = r.OptionalText(json, "anonymousId", acceptNumber: true);
        var email = r.OptionalText(json, "email", maxLength: 320);
        var amount = r.OptionalNumber(json, "amount", nonNegative: true);
        var currency = r.OptionalText(json, "currency", maxLength: 3);
        var timestamp = r.OptionalTimestamp(json, "timestamp");
        var messageId = r.OptionalText(json, "messageId");
        ValidateItems(json, r);

        if (userId is null && anonymousId is null && !r.Errors.Any(e => e.Field is "userId" or "anonymousId"))
        {
            r.Fail("userId", "required-one-of", "A purchase needs 'userId' or 'anonymousId' to know whose it is.");
        }

        if (timestamp is { } stated)
        {
            EventTimestampRule.Check(stated, receivedAt, r);
        }

        if (type == EventTypes.OrderRefunded && amount == 0)
        {
            // A refund without an amount is a full refund; a zero one would silently become that too.
            r.Fail("amount", "positive", "A refund's 'amount' must be above 0; leave it out to refund the whole order.");
        }

        if (type == EventTypes.OrderCompleted && amount is null && !r.Errors.Any(e => e.Field == "amount"))
        {
            r.Fail("amount", "required", "An 'order_completed' message needs 'amount', the order total.");
        }

        if (r.HasErrors || type is null)
        {
            return EventParseResult.Invalid(r.Errors);
        }

        var captured = new CapturedEvent
        {
            MessageId = messageId ?? (type == EventTypes.OrderRefunded ? $"{type}:{orderId}:{Lifecycle.OrderRefund.KeyFor(refundId, amount)}" : $"{type}:{orderId}"),
            Type = type,
            Source = EventSources.Orders,
            EventName = type == EventTypes.OrderCompleted ? SegmentEventParser.OrderCompletedEvent : SegmentEventParser.OrderRefundedEvent,
            UserId = userId,
            AnonymousId = anonymousId,
            Email = email,
            OrderId = orderId,
            RefundId = type == EventTypes.OrderRefunded ? refundId : null,
            Amount = amount,
            Currency = currency?.ToUpperInvariant(),
            Timestamp = timestamp ?? receivedAt,
            ReceivedAt = receivedAt,
            Payload = body,
        };
        StoredKeyRule.Check(captured, r, PathOf);
        return r.HasErrors ? EventParseResult.Invalid(r.Errors) : EventParseResult.Valid(captured);
    }

    private static string PathOf(StoredKeyField field) => field switch
    {
        StoredKeyField.RefundId => "refundId",
        StoredKeyField.UserId => "userId",
        StoredKeyField.AnonymousId => "anonymousId",
        StoredKeyField.MessageId => "messageId",
        _ => "orderId",
    };

    private static void ValidateItems(JsonElement json, JsonFieldReader r)
    {
        var items = r.OptionalArray(json, "items");
        if (items.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = $"items[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                r.Fail(path, "type:object", $"'{path}' must be an object with sku, name, quantity and price.");
            }
            else
            {
                r.OptionalText(item, "sku", $"{path}.sku", acceptNumber: true);
                r.OptionalPositiveInteger(item, "quantity", $"{path}.quantity");
                r.OptionalNumber(item, "price", $"{path}.price", nonNegative: true);
            }

            i++;
        }
    }
}
