namespace LifecycleFunctions.Storage;

/// <summary>Names of the tables, queues and containers the app owns. Queue names are the ones the functions' [QueueTrigger] attributes declare.</summary>
public static class StorageNames
{
    public const string EventsTable = "events";
    public const string OrdersTable = "orders";
    public const string FailedEventsTable = "failedevents";
    public const string PersonStatesTable = "personstates";
    public const string IdentitiesTable = "identities";
    public const string StageMembersTable = "stagemembers";
    public const string StageHistoryTable = "stagehistory";
    public const string CohortsTable = "cohorts";
    public const string FunnelTable = "funnel";
    public const string CampaignsTable = "campaigns";
    public const string RecomputeStepsTable = "recomputesteps";

    public const string WebsiteEventsQueue = "website-events";
    public const string AdEventsQueue = "ad-events";
    public const string PurchaseEventsQueue = "purchase-events";
    public const string RecomputeShardsQueue = "recompute-shards";
    public const string StageChangesQueue = "stage-changes";

    /// <summary>The failed-events partition of stored events the recompute cannot file (a person or channel key past the store's limit).</summary>
    public const string UnfileableEvents = Domain.Operations.PipelineHealth.UnfileableSource;

    public const string OverflowContainer = "event-overflow";
    public const string LifecycleContainer = "lifecycle";
    public const string ReportsContainer = "reports";

    public static string PoisonQueue(string queueName) => queueName + "-poison";

    public static IReadOnlyList<string> Tables { get; } =
        [EventsTable, OrdersTable, FailedEventsTable, PersonStatesTable, IdentitiesTable, StageMembersTable, StageHistoryTable, CohortsTable, FunnelTable, CampaignsTable, RecomputeStepsTable];

    /// <summary>Queues the app writes to without a trigger reading them (a trigger's queue is created from its declaration).</summary>
    public static IReadOnlyList<string> OutputQueues { get; } = [StageChangesQueue];

    public static IReadOnlyList<string> Containers { get; } = [OverflowContainer, LifecycleContainer, ReportsContainer];
}
