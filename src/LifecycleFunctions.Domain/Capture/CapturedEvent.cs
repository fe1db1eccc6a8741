using System.Text.Json.Serialization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// One validated event, whatever its channel (website, ads, orders), in the shape the event store keeps.
/// The raw JSON travels along so nothing the sender said is lost to normalisation.
/// </summary>
public sealed record CapturedEvent
{
    public required string MessageId { get; init; }

    /// <summary>One of <see cref="EventTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>One of <see cref="EventSources"/>.</summary>
    public required string Source { get; init; }

    public string? EventName { get; init; }
    public string? UserId { get; init; }
    public string? AnonymousId { get; init; }

    /// <summary>The identity an alias call links to <see cref="UserId"/>.</summary>
    public string? PreviousId { get; init; }

    /// <summary>When it happened, after Segment's clock-skew correction.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public string? OrderId { get; init; }

    /// <summary>Tells an order's partial refunds apart; without it a refund is told apart by its amount.</summary>
    public string? RefundId { get; init; }

    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public string? Email { get; init; }

    public string? Channel { get; init; }
    public string? Campaign { get; init; }
    public string? Ad { get; init; }
    public decimal? Cost { get; init; }
    public string? ClickId { get; init; }
    public int? Count { get; init; }

    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmCampaign { get; init; }
    public string? UtmTerm { get; init; }
    public string? UtmContent { get; init; }
    public string? Referrer { get; init; }

    /// <summary>The page the event happened on (Segment's context.page.url, or a page call's properties.url).</summary>
    public string? PageUrl { get; init; }

    public required string Payload { get; init; }

    /// <summary>The key the event is filed under: userId when known, else anonymousId; null for person-less ad events.</summary>
    [JsonIgnore]
    public string? PersonKey => IdentityKey.For(UserId, AnonymousId);

    /// <summary>
    /// The idempotency key. Purchases are keyed by order (so a website "Order Completed" and the order system's
    /// message for the same order are one purchase), refunds by order and refund (its id, else its amount: an
    /// order refunded in parts keeps every part); everything else by messageId.
    /// </summary>
    [JsonIgnore]
    public string DeduplicationKey => OrderId is null || !EventTypes.IsPurchase(Type) ? MessageId
        : Type == EventTypes.OrderRefunded ? $"{Type}:{OrderId}:{Lifecycle.OrderRefund.KeyFor(RefundId, Amount)}"
        : $"{Type}:{OrderId}";
}
