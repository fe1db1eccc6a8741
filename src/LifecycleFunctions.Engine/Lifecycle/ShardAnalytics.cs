using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>One shard's partial analytics; the combine step merges all shards'.</summary>
public sealed class ShardAnalytics
{
    public required CohortAggregator Months { get; init; }
    public required CohortAggregator Weeks { get; init; }
    public required FunnelAggregator Funnel { get; init; }
    public required CampaignAggregator Campaigns { get; init; }

    public static ShardAnalytics Empty(DateOnly asOf) => new()
    {
        Months = new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = asOf },
        Weeks = new CohortAggregator { Granularity = CohortGranularity.Week, AsOf = asOf },
        Funnel = new FunnelAggregator { AsOf = asOf },
        Campaigns = new CampaignAggregator(),
    };

    public void Merge(ShardAnalytics other)
    {
        Months.Merge(other.Months);
        Weeks.Merge(other.Weeks);
        Funnel.Merge(other.Funnel);
        Campaigns.Merge(other.Campaigns);
    }
}
