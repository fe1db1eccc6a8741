using System.Text.Json;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>On a fresh storage (the run state and stage-changes queue are global): a backfill between two runs that keep membership.</summary>
public sealed class NewcomerAfterBackfillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Recompute_WithABackfillBetweenRuns_AnnouncesNewcomersSinceTheLastRunThatKeptMembership()
    {
        // The app's own timer would fire as the test moves the clock past 02:00 and take the lock from the test's runs.
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0", ["AzureWebJobs.RecomputeLifecycle.Disabled"] = "true" });
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId = "old-customer", @event = "Order Completed", timestamp = "2026-11-01T10:00:00Z", properties = new { order_id = "o-old", total = 20 } });
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23), onDemand: true);

        // Two days on, a newcomer's first order of yesterday is stored, and a backfill folds it before the next run.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId = "newcomer", @event = "Order Completed", timestamp = "2026-11-24T09:00:00Z", properties = new { order_id = "o-new", total = 35 } });
        var backfill = await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 10), onDemand: true);
        Assert.True(backfill.Run!.Backfill);
        Assert.Empty(await LifecycleDriver.PeekStageChangesAsync(app));

        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 25), onDemand: true);

        var change = Assert.Single(await LifecycleDriver.PeekStageChangesAsync(app));
        Assert.Equal("u:newcomer", change.GetProperty("person").GetString());
        Assert.Equal("2026-11-24", change.GetProperty("at").GetString());
    }
}
