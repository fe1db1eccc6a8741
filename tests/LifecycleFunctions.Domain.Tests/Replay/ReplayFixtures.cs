using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Domain.Tests.Replay;

/// <summary>The sources the app replays (as in its ReplaySources), and records and poison messages to plan with.</summary>
internal static class ReplayFixtures
{
    public const string WebsiteEvents = "website-events";
    public const string AdEvents = "ad-events";
    public const string PurchaseEvents = "purchase-events";
    public const string RejectedBatchItems = "v1-batch";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<ReplaySource> Sources { get; } =
    [
        new(WebsiteEvents, ReplayRoute.Queue, WebsiteEvents, ReplayIdRule.None, HasPoisonQueue: true, KeepsArrivalDay: true),
        new(AdEvents, ReplayRoute.Queue, AdEvents, ReplayIdRule.AdReport, HasPoisonQueue: true, DatesByQueueing: true),
        new(PurchaseEvents, ReplayRoute.Queue, PurchaseEvents, ReplayIdRule.None, HasPoisonQueue: true, DatesByQueueing: true),
        new(RejectedBatchItems, ReplayRoute.WebsiteCapture, WebsiteEvents, ReplayIdRule.None, HasPoisonQueue: false),
    ];

    public static ReplayFilter All => new(new HashSet<string>(), null, Now);

    public static FailedInput Poisoned(string source, string id, string body, DateTimeOffset? failedAt = null) =>
        new(source, id, $"Poisoned: CapturePurchaseEvent failed on each of 5 attempts; last: RequestFailedException: Service unavailable", body, failedAt ?? Now.AddHours(-1));

    public static FailedInput Invalid(string source, string id, string body, DateTimeOffset? failedAt = null) =>
        new(source, id, "campaign [required]: 'campaign' is required.", body, failedAt ?? Now.AddHours(-1));

    public static PoisonedMessage Message(string queue, string messageId, string body, DateTimeOffset? insertedOn = null) =>
        new(queue, messageId, body, insertedOn ?? Now.AddHours(-1));
}
