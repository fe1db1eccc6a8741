using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class CampaignAggregatorTests
{
    private static readonly DateOnly AsOf = new(2024, 3, 31);
    private static readonly LifecycleOptions Options = new();
    private static readonly StageTimeline Timeline = new(new StageClassifier(Options));

    private static CapturedEvent Click(string anonymousId, int day, string channel = "google", string? campaign = "summer", decimal cost = 1.50m) =>
        AdClick(At(2024, 1, day), channel, campaign, cost, anonymousId);

    /// <summary>p1 signed up and p2 ordered after a google/summer click; p3 only clicked; p6 clicked google/summer, later facebook/spring, and ordered.</summary>
    private static readonly CapturedEvent[] Clicks =
    [
        Click("p1", 1),
        Click("p2", 1),
        Click("p3", 2),
        Click("p6", 3),
        Click("p6", 10, "facebook", "spring", 0.90m),
        Click("p9", 4, campaign: null, cost: 2m),
    ];

    private static readonly CapturedEvent[] Impressions =
    [
        AdImpression(At(2024, 1, 1), "google", "summer", 1000, 50m),
        AdImpression(At(2024, 1, 2), "google", "summer", 500, 25m),
        AdImpression(At(2024, 1, 2), "facebook", "spring", null),
    ];

    private static PersonState Person(string id, params CapturedEvent[] events) =>
        Fold(Options, "a:" + id, Clicks.Where(c => c.AnonymousId == id).Concat(events));

    private static List<PersonState> People() =>
    [
        Person("p1", Identify(At(2024, 1, 2), anonymousId: "p1")),
        Person("p2", Order(At(2024, 1, 5), "p2-1", 20m)),
        Person("p3"),
        Person("p4", Page(At(2024, 1, 1), anonymousId: "p4"), Identify(At(2024, 1, 2), anonymousId: "p4")),
        Person("p5", Page(At(2024, 2, 1), anonymousId: "p5", utmSource: "Newsletter", utmMedium: "email", utmCampaign: "may"), Identify(At(2024, 2, 1)), Order(At(2024, 2, 3), "p5-1", 10m)),
        Person("p6", Order(At(2024, 1, 12), "p6-1", 30m), Order(At(2024, 1, 20), "p6-2", 30m)),
        Person("p7", Page(At(2024, 2, 1), anonymousId: "p7", utmSource: "twitter", utmCampaign: "teaser")),
    ];

    private static CampaignAggregator Aggregate(IEnumerable<CapturedEvent> adEvents, IEnumerable<PersonState> people)
    {
        var aggregator = new CampaignAggregator();
        foreach (var e in adEvents)
        {
            aggregator.AddAdEvent(e);
        }

        foreach (var person in people)
        {
            aggregator.AddPerson(person, FunnelAggregator.FirstEntries(Timeline.Build(person, AsOf)));
        }

        return aggregator;
    }

    [Fact]
    public void Renamed_WithAnAliasOfTheAdNetwork_PutsItsSpendAndThePeopleItTaggedInOneRow()
    {
        // The network reports spend as google-ads; its visitors arrive tagged utm_source=google.
        var channels = new ChannelAliases(["google-ads=google"]);
        var people = new[]
        {
            Person("u1", Page(At(2024, 1, 2), anonymousId: "u1", utmSource: "google", utmCampaign: "summer"), Identify(At(2024, 1, 3), anonymousId: "u1"), Order(At(2024, 1, 5), "u1-1", 20m)),
            Person("u2", Page(At(2024, 1, 2), anonymousId: "u2", utmSource: "google", utmCampaign: "summer"), Identify(At(2024, 1, 3), anonymousId: "u2")),
        };
        var ads = new CampaignAggregator();
        ads.AddAdEvent(AdImpression(At(2024, 1, 1), "Google-Ads", "summer", 1000, 40m));
        var persons = new CampaignAggregator();
        foreach (var person in people)
        {
            persons.AddPerson(person, FunnelAggregator.FirstEntries(Timeline.Build(person, AsOf)), channels);
        }

        var unaliased = new CampaignAggregator();
        unaliased.Merge(ads);
        unaliased.Merge(persons);
        var combined = new CampaignAggregator();
        combined.Merge(ads.Renamed(channels));
        combined.Merge(persons);

        Assert.Equal(["google-ads", "google"], unaliased.Build().Select(r => r.Channel));
        var row = Assert.Single(combined.Build());
        Assert.Equal(new CampaignRow("google", "summer", 1000, 0, 0, 40m, 2, 1, 20m, 40m), row);
    }

    [Fact]
    public void Renamed_WithTwoNamesOfOneChannel_AddsTheirTotals()
    {
        var ads = new CampaignAggregator();
        ads.AddAdEvent(AdImpression(At(2024, 1, 1), "google-ads", "summer", 1000, 40m));
        ads.AddAdEvent(AdImpression(At(2024, 1, 1), "google", "summer", 500, 10m));
        ads.AddAdEvent(AdImpression(At(2024, 1, 1), "google-ads", "winter", 100, 1m));

        var rows = ads.Renamed(new ChannelAliases(["google-ads=google"])).Build();

        Assert.Equal([("google", "summer", 1500L, 50m), ("google", "winter", 100L, 1m)], rows.Select(r => (r.Channel, r.Campaign, r.Impressions, r.Cost)));
    }

    [Fact]
    public void Build_WithAdsAndPeople_GivesHandComputedRows()
    {
        var rows = Aggregate(Clicks.Concat(Impressions), People()).Build();

        CampaignRow[] expected =
        [
            new("facebook", "spring", Impressions: 1, Clicks: 1, ClickThroughRate: 1.0, Cost: 0.90m, Acquired: 0, Converted: 0, CostPerAcquisition: null, CostPerConversion: null),
            new("google", CampaignKey.None, 0, 1, null, 2m, 0, 0, null, null),

            // 75 for impressions and 4 clicks at 1.50; p1, p2 and p6 acquired, p2 and p6 converted.
            new("google", "summer", 1500, 4, 4.0 / 1500, 81m, 3, 2, 27m, 40.50m),
            new("newsletter", "may", 0, 0, null, 0m, 1, 1, 0m, 0m),
        ];
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void AddAdEvent_WithNonAdEvents_IgnoresThem()
    {
        var aggregator = new CampaignAggregator();

        aggregator.AddAdEvent(Page(At(2024, 1, 1), utmSource: "google", utmCampaign: "summer"));
        aggregator.AddAdEvent(Order(At(2024, 1, 1), "o-1", 10m) with { Channel = "google", Campaign = "summer", Cost = 5m });

        Assert.Empty(aggregator.Campaigns);
    }

    [Fact]
    public void AddAdEvent_WithImpressionWithoutCount_CountsOne()
    {
        var aggregator = new CampaignAggregator();

        aggregator.AddAdEvent(AdImpression(At(2024, 1, 1), "google", "summer", null, 0.01m));
        aggregator.AddAdEvent(AdImpression(At(2024, 1, 1), "google", "summer", 250, 2.5m));

        var totals = aggregator.Campaigns["google|summer"];
        Assert.Equal(251, totals.Impressions);
        Assert.Equal(0, totals.Clicks);
        Assert.Equal(2.51m, totals.Cost);
    }

    [Fact]
    public void AddPerson_WithOnlyReach_IsNotCounted()
    {
        var aggregator = Aggregate([], [People()[2], People()[6]]);

        Assert.Empty(aggregator.Campaigns);
    }

    [Fact]
    public void AddPerson_WithoutFirstTouch_IsNotCounted()
    {
        var aggregator = Aggregate([], [People()[3]]);

        Assert.Empty(aggregator.Campaigns);
    }

    [Fact]
    public void AddPerson_WithLaterTouchOfOtherCampaign_CountsFirstTouchOnly()
    {
        var aggregator = Aggregate([], [People()[5]]);

        var totals = Assert.Single(aggregator.Campaigns);
        Assert.Equal("google|summer", totals.Key);
        Assert.Equal((1, 1), (totals.Value.Acquired, totals.Value.Converted));
    }

    [Fact]
    public void AddPerson_WithFirstTouchAfterTheFirstOrder_CreditsTheCampaignWithNothing()
    {
        var person = Fold(Options, "a:late", [Order(At(2024, 1, 5), "late-1", 20m), AdClick(At(2024, 1, 10), "google", "summer", 1m, "late")]);

        var aggregator = Aggregate([], [person]);

        Assert.Equal("google", person.FirstTouchChannel);
        Assert.Empty(aggregator.Campaigns);
    }

    [Fact]
    public void AddPerson_WithFirstTouchBetweenSignUpAndFirstOrder_CreditsTheConversionOnly()
    {
        var person = Fold(Options, "a:between", [Identify(At(2024, 1, 2), anonymousId: "between"), AdClick(At(2024, 1, 3), "google", "summer", 1m, "between"), Order(At(2024, 1, 5), "between-1", 20m)]);

        var totals = Assert.Single(Aggregate([], [person]).Campaigns);

        Assert.Equal(("google|summer", 0, 1), (totals.Key, totals.Value.Acquired, totals.Value.Converted));
    }

    [Fact]
    public void AddPerson_WithFirstTouchOnTheDayOfTheFirstOrder_CreditsBothStages()
    {
        var person = Fold(Options, "a:sameday", [Order(At(2024, 1, 5, 8), "sameday-1", 20m), AdClick(At(2024, 1, 5, 18), "google", "summer", 1m, "sameday")]);

        var totals = Assert.Single(Aggregate([], [person]).Campaigns);

        Assert.Equal((1, 1), (totals.Value.Acquired, totals.Value.Converted));
    }

    [Fact]
    public void Build_WithCostNotDivisible_RoundsCostPerPersonToCents()
    {
        var aggregator = new CampaignAggregator();
        aggregator.Campaigns["google|summer"] = new CampaignTotals { Impressions = 3, Clicks = 1, Cost = 10m, Acquired = 3, Converted = 6 };

        var row = Assert.Single(aggregator.Build());

        Assert.Equal(3.33m, row.CostPerAcquisition);
        Assert.Equal(1.67m, row.CostPerConversion);
        Assert.Equal(1.0 / 3, row.ClickThroughRate);
    }

    [Fact]
    public void Merge_OfTwoPartialAggregators_EqualsOneOverEverything()
    {
        var people = People();
        var ads = Clicks.Concat(Impressions).ToList();
        var whole = Aggregate(ads, people);
        var first = Aggregate(ads.Take(4), people.Take(3));
        var rest = Aggregate(ads.Skip(4), people.Skip(3));

        first.Merge(rest);

        Assert.Equal(whole.Build(), first.Build());
    }

    [Fact]
    public void Merge_WithEmptyAggregator_ChangesNothing()
    {
        var aggregator = Aggregate(Clicks.Concat(Impressions), People());
        var before = aggregator.Build();

        aggregator.Merge(new CampaignAggregator());
        var into = new CampaignAggregator();
        into.Merge(aggregator);

        Assert.Equal(before, aggregator.Build());
        Assert.Equal(before, into.Build());
    }
}
