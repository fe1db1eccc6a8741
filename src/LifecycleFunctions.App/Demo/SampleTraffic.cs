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
}
