using LifecycleFunctions.Domain.Analytics;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class AdSpendLedgerTests
{
    private static AdSpendLedger Ledger()
    {
        var ledger = new AdSpendLedger();
        ledger.AddAdEvent(AdImpression(At(2024, 3, 1), "google", "spring", 1000, 40m));
        ledger.AddAdEvent(AdClick(At(2024, 3, 1), "google", "spring", 1.5m, "p1"));
        ledger.AddAdEvent(AdClick(At(2024, 3, 15), "google", "spring", 2.5m, "p2"));
        ledger.AddAdEvent(AdClick(At(2024, 4, 2), "facebook", "easter", 0.75m, "p3"));
        return ledger;
    }

    [Fact]
    public void Through_WithSpendAfterTheDate_CountsOnlyTheDaysUpToIt()
    {
        var rows = Ledger().Through(new DateOnly(2024, 3, 14)).Build();

        var google = Assert.Single(rows);
        Assert.Equal(("google", "spring", 1000L, 1L, 41.5m), (google.Channel, google.Campaign, google.Impressions, google.Clicks, google.Cost));
    }

    [Fact]
    public void Through_OnTheDayOfASpend_CountsThatDay()
    {
        var rows = Ledger().Through(new DateOnly(2024, 4, 2)).Build();

        Assert.Equal([("facebook", 0.75m), ("google", 44m)], rows.Select(r => (r.Channel, r.Cost)));
    }

    [Fact]
    public void Through_WithUndatedTotals_CountsThemOnEveryDate()
    {
        var ledger = new AdSpendLedger();
        var legacy = new CampaignAggregator();
        legacy.AddAdEvent(AdClick(At(2024, 5, 1), "google", "spring", 3m, "p4"));
        ledger.AddUndated(legacy);

        Assert.Equal(3m, Assert.Single(ledger.Through(new DateOnly(2020, 1, 1)).Build()).Cost);
    }

    [Fact]
    public void Merge_WithTwoShardsSpendingOnTheSameDay_AddsThem()
    {
        var other = new AdSpendLedger();
        other.AddAdEvent(AdClick(At(2024, 3, 1, 18), "google", "spring", 0.5m, "p9"));
        var ledger = Ledger();

        ledger.Merge(other);

        Assert.Equal(3, ledger.Days.Count);
        var google = Assert.Single(ledger.Through(new DateOnly(2024, 3, 1)).Build());
        Assert.Equal((2L, 42m), (google.Clicks, google.Cost));
    }

    [Fact]
    public void AddAdEvent_WithAnEventThatIsNotAnAd_AddsNoDay()
    {
        var ledger = new AdSpendLedger();

        ledger.AddAdEvent(Page(At(2024, 3, 1), anonymousId: "p1"));

        Assert.Empty(ledger.Days);
    }
}
