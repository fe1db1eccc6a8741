using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Engine.Tests.Replay;

/// <summary>Sources shaped as the app's: a queue with a poison queue, and the HTTP batch's rejected items.</summary>
public sealed class FixedReplaySources : IReplaySources
{
    public const string StageChanges = "stage-changes";
    public const string AdEvents = "ad-events";
    public const string RejectedBatchItems = "v1-batch";
    public const string WebsiteEvents = "website-events";

    public IReadOnlyList<ReplaySource> All { get; } =
    [
        new(StageChanges, ReplayRoute.Queue, StageChanges, ReplayIdRule.None, HasPoisonQueue: true),
        new(AdEvents, ReplayRoute.Queue, AdEvents, ReplayIdRule.AdReport, HasPoisonQueue: true, DatesByQueueing: true),
        new(RejectedBatchItems, ReplayRoute.WebsiteCapture, WebsiteEvents, ReplayIdRule.None, HasPoisonQueue: false),
    ];
}
