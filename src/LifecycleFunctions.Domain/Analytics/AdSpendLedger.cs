using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// Ad impressions, clicks and cost by the day the ad events happened. A recompute as of an earlier date (a
/// backfill) counts only the people acquired by then, so it must count only the spend up to then too, or its
/// cost per acquisition would charge it with later campaigns.
/// </summary>
public sealed class AdSpendLedger
{
    /// <summary>Totals kept before spend was dated; they count on every date.</summary>
    public static readonly DateOnly Undated = DateOnly.MinValue;

    public SortedDictionary<DateOnly, CampaignAggregator> Days { get; init; } = [];

    public void AddAdEvent(CapturedEvent e)
    {
        if (e.Type is not (EventTypes.AdImpression or EventTypes.AdClick))
        {
            return;
        }

        Day(DateOnly.FromDateTime(e.Timestamp.UtcDateTime)).AddAdEvent(e);
    }

    public void AddUndated(CampaignAggregator totals) => Day(Undated).Merge(totals);

    public void Merge(AdSpendLedger other)
    {
        foreach (var (day, totals) in other.Days)
        {
            Day(day).Merge(totals);
        }
    }

    /// <summary>The spend of every day up to and including <paramref name="asOf"/>.</summary>
    public CampaignAggregator Through(DateOnly asOf)
    {
        var through = new CampaignAggregator();
        foreach (var (day, totals) in Days)
        {
            if (day > asOf)
            {
                break;
            }

            through.Merge(totals);
        }

        return through;
    }

    private CampaignAggregator Day(DateOnly day)
    {
        if (!Days.TryGetValue(day, out var totals))
        {
            Days[day] = totals = new CampaignAggregator();
        }

        return totals;
    }
}
