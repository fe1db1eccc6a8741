namespace LifecycleFunctions.Storage;

/// <summary>Names of the tables, queues and containers the app owns. Queue names match the function.json declarations.</summary>
public static class StorageNames
{
    public const string EventsTable = "events";
    public const string OrdersTable = "orders";
    public const string FailedEventsTable = "failedevents";

    public const string WebsiteEventsQueue = "website-events";
    public const string AdEventsQueue = "ad-events";
    public const string PurchaseEventsQueue = "purchase-events";

    public const string OverflowContainer = "event-overflow";

    public static string PoisonQueue(string queueName) => queueName + "-poison";

    public static IReadOnlyList<string> Tables { get; } = [EventsTable, OrdersTable, FailedEventsTable];

    public static IReadOnlyList<string> Containers { get; } = [OverflowContainer];
}
