using System.Text.Json;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

/// <summary>Builds stored events and folded person states for the lifecycle and analytics tests.</summary>
internal static class LifecycleEvents
{
    public const string UserId = "user-1";
    public const string AnonymousId = "anon-1";

    private static int _nextMessage;

    /// <summary>A moment on <paramref name="day"/>, UTC (noon unless told).</summary>
    public static DateTimeOffset At(DateOnly day, int hour = 12, int minute = 0) =>
        new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    public static DateTimeOffset At(int year, int month, int day, int hour = 12) => At(new DateOnly(year, month, day), hour);

    public static CapturedEvent Page(
        DateTimeOffset at,
        string? anonymousId = AnonymousId,
        string? userId = null,
        string? referrer = null,
        string? utmSource = null,
        string? utmMedium = null,
        string? utmCampaign = null) => Event(EventTypes.Page, at, userId, anonymousId) with
        {
            Referrer = referrer,
            UtmSource = utmSource,
            UtmMedium = utmMedium,
            UtmCampaign = utmCampaign,
        };

    public static CapturedEvent Identify(DateTimeOffset at, string? userId = UserId, string? anonymousId = null, string? email = null) =>
        Event(EventTypes.Identify, at, userId, anonymousId) with { Email = email };

    public static CapturedEvent Alias(DateTimeOffset at, string userId = UserId, string previousId = AnonymousId) =>
        Event(EventTypes.Alias, at, userId, null) with { PreviousId = previousId };

    /// <summary>A track event; <paramref name="properties"/> is the JSON of its properties object.</summary>
    public static CapturedEvent Track(DateTimeOffset at, string name, string properties = "{}", string? userId = UserId, string? anonymousId = null) =>
        Event(EventTypes.Track, at, userId, anonymousId) with
        {
            EventName = name,
            Payload = $$"""{"type":"track","event":{{JsonSerializer.Serialize(name)}},"properties":{{properties}}}""",
        };

    public static CapturedEvent Order(DateTimeOffset at, string orderId, decimal amount, string? userId = UserId) =>
        Event(EventTypes.OrderCompleted, at, userId, null, EventSources.Orders) with { OrderId = orderId, Amount = amount, EventName = "Order Completed" };

    public static CapturedEvent Refund(DateTimeOffset at, string orderId, decimal? amount = null, string? userId = UserId) =>
        Event(EventTypes.OrderRefunded, at, userId, null, EventSources.Orders) with { OrderId = orderId, Amount = amount, EventName = "Order Refunded" };

    public static CapturedEvent AdClick(DateTimeOffset at, string channel, string? campaign, decimal? cost = null, string? anonymousId = AnonymousId) =>
        Event(EventTypes.AdClick, at, null, anonymousId, EventSources.Ads) with { Channel = channel, Campaign = campaign, Cost = cost };

    public static CapturedEvent AdImpression(DateTimeOffset at, string channel, string? campaign, int? count, decimal? cost = null) =>
        Event(EventTypes.AdImpression, at, null, null, EventSources.Ads) with { Channel = channel, Campaign = campaign, Count = count, Cost = cost };

    public static CapturedEvent Event(string type, DateTimeOffset at, string? userId, string? anonymousId, string source = EventSources.Website) => new()
    {
        MessageId = "m-" + Interlocked.Increment(ref _nextMessage).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Type = type,
        Source = source,
        UserId = userId,
        AnonymousId = anonymousId,
        Timestamp = at,
        ReceivedAt = at,
        Payload = "{}",
    };

    /// <summary>Folds <paramref name="events"/> in the given order into a new state under <paramref name="key"/>.</summary>
    public static PersonState Fold(LifecycleOptions options, string key, IEnumerable<CapturedEvent> events)
    {
        var folder = new PersonFolder(options);
        var state = new PersonState { Key = key };
        foreach (var e in events)
        {
            folder.Fold(state, e);
        }

        return state;
    }

    /// <summary>Folds with default options under the key of <see cref="UserId"/>.</summary>
    public static PersonState Fold(params CapturedEvent[] events) => Fold(new LifecycleOptions(), "u:" + UserId, events);

    /// <summary>The state as JSON, for comparing whole states.</summary>
    public static string Json(PersonState state) => JsonSerializer.Serialize(state);

    /// <summary>The state as JSON without the fields that name keys (Key, MergedKeys), which depend on which side a merge went into.</summary>
    public static string JsonWithoutKeys(PersonState state)
    {
        var node = JsonSerializer.SerializeToNode(state)!.AsObject();
        node.Remove(nameof(PersonState.Key));
        node.Remove(nameof(PersonState.MergedKeys));
        return node.ToJsonString();
    }

    /// <summary>Every key a merged state stands for: its own and those merged into it.</summary>
    public static SortedSet<string> AllKeys(PersonState state) => new(state.MergedKeys.Append(state.Key), StringComparer.Ordinal);
}
