using System.Text.Json;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>On a fresh storage: the first run ever (a backfill) announces nobody; after it, a newcomer's first stage is news.</summary>
public sealed class NewcomerNotificationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Recompute_FirstRunThenANewcomer_AnnouncesOnlyTheNewcomer()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId = "old-customer", @event = "Order Completed", timestamp = "2026-11-01T10:00:00Z", properties = new { order_id = "o-old", total = 20 } });
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 22));
        Assert.Empty(await LifecycleDriver.PeekStageChangesAsync(app));

        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId = "newcomer", @event = "Order Completed", timestamp = "2026-11-23T09:00:00Z", properties = new { order_id = "o-new", total = 35 } });
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23));

        var change = Assert.Single(await LifecycleDriver.PeekStageChangesAsync(app));
        Assert.Equal("u:newcomer", change.GetProperty("person").GetString());
        Assert.Equal(JsonValueKind.Null, change.GetProperty("from").ValueKind);
        Assert.Equal("Conversion", change.GetProperty("to").GetString());
        Assert.Equal("2026-11-23", change.GetProperty("at").GetString());
        Assert.Equal("first order", change.GetProperty("reason").GetString());
    }
}
