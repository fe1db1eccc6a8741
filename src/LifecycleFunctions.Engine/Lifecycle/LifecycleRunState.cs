using System.Text.Json.Serialization;
using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// What the last committed recompute left: the watermark (events stored up to it are folded) and the ad spend
/// up to it, by day. Written once at the end of a run: the commit point that makes a crashed run's partial work
/// invisible until a rerun completes it.
/// </summary>
public sealed class LifecycleRunState : IJsonOnDeserialized
{
    public DateTimeOffset Watermark { get; set; } = DateTimeOffset.MinValue;
    public DateOnly? LastAsOf { get; set; }

    /// <summary>The watermark of the last run that kept stage membership (not a backfill); null before any, and in
    /// states written before it was kept.</summary>
    public DateTimeOffset? MembershipWatermark { get; set; }
    public DateTimeOffset? LastCompletedAt { get; set; }

    /// <summary>The run this state is the commit of: a started run of that id is finished, not one to resume.</summary>
    public string? LastRunId { get; set; }
    public AdSpendLedger AdSpend { get; set; } = new();

    /// <summary>Undated ad totals, as states committed before spend was dated hold them; read into <see cref="AdSpend"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CampaignAggregator? AdTotals { get; set; }
    public List<DateOnly> Runs { get; set; } = [];

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (AdTotals is not null)
        {
            AdSpend.AddUndated(AdTotals);
            AdTotals = null;
        }
    }
}
