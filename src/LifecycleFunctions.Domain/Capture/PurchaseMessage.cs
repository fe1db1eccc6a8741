using System.Text.Json;
using System.Text.Json.Serialization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>The purchase-events queue message schema, for order systems written in .NET and for the demo and tests.</summary>
public sealed record PurchaseMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Type { get; init; } = EventTypes.OrderCompleted;
    public required string OrderId { get; init; }

    /// <summary>For refunds: tells an order's partial refunds apart (without it, their amounts do).</summary>
    public string? RefundId { get; init; }

    public string? UserId { get; init; }
    public string? AnonymousId { get; init; }
    public string? Email { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<PurchaseItem>? Items { get; init; }
    public DateTimeOffset? Timestamp { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PurchaseMessage FromCdnow(Datasets.CdnowPurchase purchase) => new()
    {
        OrderId = purchase.OrderId,
        UserId = purchase.UserId,
        Amount = purchase.Amount,
        Currency = "USD",
        Items = [new PurchaseItem("CD", "CDs", purchase.Cds, purchase.Cds == 0 ? 0 : Math.Round(purchase.Amount / purchase.Cds, 2))],
        Timestamp = new DateTimeOffset(purchase.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
    };
}
