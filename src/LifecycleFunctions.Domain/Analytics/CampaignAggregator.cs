using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// Campaign reach: ad impressions, clicks and cost from the ad events, and the people each campaign brought
/// (by first touch) who were acquired and converted.
/// </summary>
public sealed class CampaignAggregator
{
    public SortedDictionary<string, CampaignTotals> Campaigns { get; init; } = new(StringComparer.Ordinal);

    public void AddAdEvent(CapturedEvent e)
    {
        if (e.Type is not (EventTypes.AdImpression or EventTypes.AdClick))
        {
            return;
        }

        // Lower case, as first touches are, so an ad channel and the same UTM source meet in one row.
        var totals = For(new CampaignKey((e.Channel ?? "ads").ToLowerInvariant(), e.Campaign ?? CampaignKey.None));
        if (e.Type == EventTypes.AdImpression)
        {
            totals.Impressions += e.Count ?? 1;
        }
        else
        {
            totals.Clicks++;
        }

        totals.Cost += e.Cost ?? 0;
    }

    /// <summary>
    /// Credits the person's first-touch campaign with the stages reached on or after the day of that touch: a
    /// customer who clicked an ad only after their first order was not converted by it.
    /// </summary>
    /// <param name="channels">Names the touch's channel by its own name, as <see cref="Renamed"/> names the ad reports'.</param>
    public void AddPerson(PersonState person, IReadOnlyDictionary<LifecycleStage, DateOnly> reached, ChannelAliases? channels = null)
    {
        if (person.FirstTouch is not { } touch)
        {
            return;
        }

        bool ReachedSince(LifecycleStage stage) => reached.TryGetValue(stage, out var day) && touch.At < StageClassifier.EndOf(day);
        var acquired = ReachedSince(LifecycleStage.Acquisition);
        var converted = ReachedSince(LifecycleStage.Conversion);
        if (!acquired && !converted)
        {
            return;
        }

        var totals = For(new CampaignKey((channels ?? ChannelAliases.None).Canonical(touch.Channel), touch.Campaign ?? CampaignKey.None));
        totals.Acquired += acquired ? 1 : 0;
        totals.Converted += converted ? 1 : 0;
    }

    public void Merge(CampaignAggregator other)
    {
        foreach (var (key, totals) in other.Campaigns)
        {
            if (!Campaigns.TryGetValue(key, out var mine))
            {
                Campaigns[key] = mine = new CampaignTotals();
            }

            mine.Merge(totals);
        }
    }

    /// <summary>The same totals with each channel under its own name; a campaign reported under two names of one channel becomes one row.</summary>
    public CampaignAggregator Renamed(ChannelAliases channels)
    {
        var renamed = new CampaignAggregator();
        foreach (var (name, totals) in Campaigns)
        {
            var key = CampaignKey.Parse(name);
            renamed.For(key with { Channel = channels.Canonical(key.Channel) }).Merge(totals);
        }

        return renamed;
    }

    public IReadOnlyList<CampaignRow> Build() => Campaigns.Select(kv =>
    {
        var key = CampaignKey.Parse(kv.Key);
        var t = kv.Value;
        return new CampaignRow(
            key.Channel,
            key.Campaign,
            t.Impressions,
            t.Clicks,
            t.Impressions == 0 ? null : (double)t.Clicks / t.Impressions,
            t.Cost,
            t.Acquired,
            t.Converted,
            t.Acquired == 0 ? null : Math.Round(t.Cost / t.Acquired, 2),
            t.Converted == 0 ? null : Math.Round(t.Cost / t.Converted, 2));
    }).ToList();

    private CampaignTotals For(CampaignKey key)
    {
        var name = key.ToString();
        if (!Campaigns.TryGetValue(name, out var totals))
        {
            Campaigns[name] = totals = new CampaignTotals();
        }

        return totals;
    }
}
