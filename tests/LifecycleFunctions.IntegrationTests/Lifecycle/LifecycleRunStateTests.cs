using System.Text.Json;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

public class LifecycleRunStateTests
{
    [Fact]
    public void Deserialize_WithUndatedAdTotalsOfAnEarlierVersion_KeepsThemForEveryDate()
    {
        const string Stored = """
            {"watermark":"2026-11-01T02:00:00+00:00","lastAsOf":"2026-11-01",
             "adTotals":{"campaigns":{"google|spring":{"impressions":1000,"clicks":3,"cost":12.5,"acquired":0,"converted":0}}},
             "runs":["2026-11-01"]}
            """;

        var state = JsonSerializer.Deserialize<LifecycleRunState>(Stored, LifecycleRunStore.Json)!;

        var google = Assert.Single(state.AdSpend.Through(new DateOnly(2000, 1, 1)).Build());
        Assert.Equal(("google", "spring", 1000L, 3L, 12.5m), (google.Channel, google.Campaign, google.Impressions, google.Clicks, google.Cost));
        Assert.Null(state.AdTotals);
        Assert.DoesNotContain("adTotals", JsonSerializer.Serialize(state, LifecycleRunStore.Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WithDatedSpend_RoundTripsTheDays()
    {
        var state = new LifecycleRunState();
        var day = new Domain.Analytics.CampaignAggregator();
        day.Campaigns["google|spring"] = new Domain.Analytics.CampaignTotals { Clicks = 2, Cost = 4m };
        state.AdSpend.Days[new DateOnly(2026, 7, 1)] = day;

        var read = JsonSerializer.Deserialize<LifecycleRunState>(JsonSerializer.Serialize(state, LifecycleRunStore.Json), LifecycleRunStore.Json)!;

        Assert.Equal([new DateOnly(2026, 7, 1)], read.AdSpend.Days.Keys);
        Assert.Empty(read.AdSpend.Through(new DateOnly(2026, 6, 30)).Build());
        Assert.Equal(4m, Assert.Single(read.AdSpend.Through(new DateOnly(2026, 7, 1)).Build()).Cost);
    }
}
