using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Replay;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.App.Replay;

/// <summary>
/// The inputs `lifecycle replay-failed` can send again: the three capture queues, the HTTP batch's rejected items,
/// and stage changes the Service Bus relay gave up on (sent again as they are: the topic's duplicate detection
/// drops a copy by its message id).
/// </summary>
public sealed class ReplaySources : IReplaySources
{
    public static IReadOnlyList<ReplaySource> All { get; } =
    [
        new(StorageNames.WebsiteEventsQueue, ReplayRoute.Queue, StorageNames.WebsiteEventsQueue, ReplayIdRule.None,
            HasPoisonQueue: true, KeepsArrivalDay: true),
        new(StorageNames.AdEventsQueue, ReplayRoute.Queue, StorageNames.AdEventsQueue, ReplayIdRule.AdReport,
            HasPoisonQueue: true, DatesByQueueing: true),
        new(StorageNames.PurchaseEventsQueue, ReplayRoute.Queue, StorageNames.PurchaseEventsQueue, ReplayIdRule.None,
            HasPoisonQueue: true, DatesByQueueing: true),
        new(StorageNames.StageChangesQueue, ReplayRoute.Queue, StorageNames.StageChangesQueue, ReplayIdRule.None, HasPoisonQueue: true),
        new(SegmentCollector.RejectedBatchItems, ReplayRoute.WebsiteCapture, StorageNames.WebsiteEventsQueue, ReplayIdRule.None,
            HasPoisonQueue: false),
    ];

    IReadOnlyList<ReplaySource> IReplaySources.All => All;
}
