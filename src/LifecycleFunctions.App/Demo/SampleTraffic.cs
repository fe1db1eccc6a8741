namespace LifecycleFunctions.App.Demo;

/// <summary>What the demo sends: Segment batches for the website, and queue message bodies for the ad and order systems.</summary>
public sealed record SampleTraffic(
    IReadOnlyList<IReadOnlyList<object>> WebsiteBatches,
    IReadOnlyList<string> AdMessages,
    IReadOnlyList<string> PurchaseMessages,
    int InvalidWebsiteEvents,
    int InvalidQueueMessages)
{
    public int WebsiteEvents => WebsiteBatches.Sum(b => b.Count);

    /// <summary>Orders the order system reports that the website reported too: each is stored once.</summary>
    public int DuplicateOrderReports { get; init; }

    public IReadOnlyDictionary<Persona, int> Personas { get; init; } = new Dictionary<Persona, int>();

    public DateOnly HistoryStart { get; init; }

    /// <summary>Events the store should hold after everything is sent once: all sent, less the broken and the duplicates.</summary>
    public int ExpectedStored => WebsiteEvents + AdMessages.Count + PurchaseMessages.Count - InvalidWebsiteEvents - InvalidQueueMessages - DuplicateOrderReports;
}
