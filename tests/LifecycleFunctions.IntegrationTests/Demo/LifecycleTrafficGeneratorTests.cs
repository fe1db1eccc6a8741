using System.Text.Json;
using LifecycleFunctions.App.Demo;

namespace LifecycleFunctions.IntegrationTests.Demo;

public class LifecycleTrafficGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static string Fingerprint(SampleTraffic traffic) =>
        JsonSerializer.Serialize(traffic.WebsiteBatches) + string.Join('\n', traffic.AdMessages) + string.Join('\n', traffic.PurchaseMessages);

    [Fact]
    public void Generate_WithTheSameSeedAndClock_GivesTheSameTraffic()
    {
        var first = new LifecycleTrafficGenerator(7, Now).Generate(200, 18, []);
        var second = new LifecycleTrafficGenerator(7, Now).Generate(200, 18, []);

        Assert.Equal(Fingerprint(first), Fingerprint(second));
        Assert.NotEqual(Fingerprint(first), Fingerprint(new LifecycleTrafficGenerator(8, Now).Generate(200, 18, [])));
    }

    [Fact]
    public void Generate_ForAThousandPeople_NarrowsLikeAFunnelAndHasEveryPersona()
    {
        var traffic = new LifecycleTrafficGenerator(42, Now).Generate(1000, 18, []);

        Assert.All(Enum.GetValues<Persona>(), p => Assert.True(traffic.Personas.GetValueOrDefault(p) > 0, p.ToString()));
        Assert.True(traffic.Personas[Persona.Visitor] > traffic.Personas[Persona.Lead]);
        Assert.True(traffic.Personas[Persona.Lead] > traffic.Personas[Persona.RepeatBuyer]);
        Assert.Equal(1000, traffic.Personas.Values.Sum());
    }

    [Fact]
    public void Generate_OverEighteenMonths_SpreadsEventsOverTheHistoryAndNeverIntoTheFuture()
    {
        var traffic = new LifecycleTrafficGenerator(42, Now).Generate(500, 18, []);
        var stamps = traffic.WebsiteBatches.SelectMany(b => b)
            .Select(e => JsonSerializer.SerializeToElement(e))
            .Where(e => e.TryGetProperty("timestamp", out _))
            .Select(e => e.GetProperty("timestamp").GetDateTimeOffset())
            .ToList();

        Assert.All(stamps, t => Assert.True(t <= Now, t.ToString("O")));
        Assert.True(stamps.Min() < Now.AddMonths(-15), "Some traffic is from the start of the history.");
        Assert.Equal(new DateOnly(2025, 5, 23), traffic.HistoryStart);
    }

    [Fact]
    public void Generate_WithEveryWebsiteOrder_HasTheOrderSystemReportItToo()
    {
        var traffic = new LifecycleTrafficGenerator(42, Now).Generate(300, 3, []);
        var websiteOrders = traffic.WebsiteBatches.SelectMany(b => b)
            .Select(e => JsonSerializer.SerializeToElement(e))
            .Count(e => e.TryGetProperty("event", out var name) && name.GetString() == "Order Completed");

        Assert.Equal(websiteOrders, traffic.DuplicateOrderReports);
        Assert.Equal(websiteOrders, traffic.PurchaseMessages.Count);
        Assert.Equal((1, 1), (traffic.InvalidWebsiteEvents, traffic.InvalidQueueMessages));
    }

    [Fact]
    public void Generate_OverEighteenMonths_SpreadsAdvocacyOverTheHistoryRatherThanAtItsEnd()
    {
        var traffic = new LifecycleTrafficGenerator(42, Now).Generate(1000, 18, []);
        var advocacy = traffic.WebsiteBatches.SelectMany(b => b)
            .Select(e => JsonSerializer.SerializeToElement(e))
            .Where(e => e.TryGetProperty("event", out var name) && (name.GetString() is "Referral Sent" or "Product Reviewed"
                || (name.GetString() == "NPS Submitted" && e.GetProperty("properties").GetProperty("score").GetInt32() >= 9)))
            .Select(e => e.GetProperty("timestamp").GetDateTimeOffset())
            .ToList();

        // Advocates tell others while they buy, not all in the last weeks: the trends then show advocacy building up.
        Assert.True(advocacy.Count > 50, advocacy.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var lastTwoMonths = advocacy.Count(t => t > Now.AddDays(-60));
        Assert.True(lastTwoMonths < advocacy.Count / 2, $"{lastTwoMonths} of {advocacy.Count} in the last 60 days");
    }
}
