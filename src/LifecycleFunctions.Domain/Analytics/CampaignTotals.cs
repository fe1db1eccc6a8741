namespace LifecycleFunctions.Domain.Analytics;

/// <summary>One campaign's ad spend and results; partial totals add up.</summary>
public sealed class CampaignTotals
{
    public long Impressions { get; set; }
    public long Clicks { get; set; }
    public decimal Cost { get; set; }
    public int Acquired { get; set; }
    public int Converted { get; set; }

    public void Merge(CampaignTotals other)
    {
        Impressions += other.Impressions;
        Clicks += other.Clicks;
        Cost += other.Cost;
        Acquired += other.Acquired;
        Converted += other.Converted;
    }
}
