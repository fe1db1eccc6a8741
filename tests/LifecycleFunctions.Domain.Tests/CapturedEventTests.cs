using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class CapturedEventTests
{
    private static CapturedEvent Event(string type, string? orderId = null, string? userId = null, string? anonymousId = null) => new()
    {
        MessageId = "m-1",
        Type = type,
        Source = EventSources.Website,
        OrderId = orderId,
        UserId = userId,
        AnonymousId = anonymousId,
        Timestamp = DateTimeOffset.UnixEpoch,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Payload = "{}",
    };

    [Fact]
    public void DeduplicationKey_WithPurchaseAndOrderId_UsesTypeAndOrderId()
    {
        Assert.Equal("order_completed:A-1", Event(EventTypes.OrderCompleted, "A-1").DeduplicationKey);
    }

    [Fact]
    public void DeduplicationKey_WithPurchaseWithoutOrderId_UsesMessageId()
    {
        Assert.Equal("m-1", Event(EventTypes.OrderRefunded).DeduplicationKey);
    }

    [Fact]
    public void DeduplicationKey_WithNonPurchaseCarryingOrderId_UsesMessageId()
    {
        Assert.Equal("m-1", Event(EventTypes.Track, "A-1").DeduplicationKey);
    }

    [Fact]
    public void PersonKey_WithUserIdAndAnonymousId_PrefersUserId()
    {
        Assert.Equal("u:u-1", Event(EventTypes.Track, userId: "u-1", anonymousId: "anon-1").PersonKey);
    }

    [Fact]
    public void PersonKey_WithoutIds_IsNull()
    {
        Assert.Null(Event(EventTypes.AdImpression).PersonKey);
    }
}
