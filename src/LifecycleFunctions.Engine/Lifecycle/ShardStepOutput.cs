using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>What one shard's step leaves for the combine step.</summary>
public sealed class ShardStepOutput
{
    public int Events { get; set; }
    public int People { get; set; }
    public int Changed { get; set; }
    public AdSpendLedger? AdSpend { get; set; }

    /// <summary>A fold output written before spend was dated (by the version before an upgrade mid-run).</summary>
    public CampaignAggregator? Ads { get; set; }
    public ShardAnalytics? Analytics { get; set; }

    /// <summary>Shards to classify again because this one forwarded events to their people.</summary>
    public List<int>? ForwardedTo { get; set; }
}
