using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using LifecycleFunctions.Storage.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>A recompute as of a day before the current view's, on storage of its own (the run state is global).</summary>
public sealed class BackfillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Recompute_AsOfAnEarlierDayThanTheCurrentView_WritesThatDaysTablesAndLeavesMembersHistoryAndMessagesAlone()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId = "p", @event = "Order Completed", timestamp = "2026-08-01T10:00:00Z", properties = new { order_id = "o-1", total = 30 } });
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23), onDemand: true);
        Assert.Equal(nameof(LifecycleStage.Lapsed), (await MemberAsync(app)).PartitionKey);
        var history = await HistoryAsync(app);

        // A new event arrives, then a backfill as of a day when the customer was still converted.
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "identify", userId = "p", timestamp = "2026-11-20T10:00:00Z", traits = new { email = "p@example.com" } });
        var backfill = await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 8, 15), onDemand: true);

        Assert.True(backfill.Run!.Backfill);
        Assert.Equal(0, backfill.Changed);
        Assert.Equal(nameof(LifecycleStage.Lapsed), (await MemberAsync(app)).PartitionKey);
        Assert.Equal(history, await HistoryAsync(app));
        Assert.Empty((await app.Storage.Queue(StorageNames.StageChangesQueue).PeekMessagesAsync(32)).Value);
        Assert.Equal(new DateOnly(2026, 11, 23), (await app.Services.GetRequiredService<LifecycleRunStore>().ReadStateAsync(CancellationToken.None)).LastAsOf);
        var funnel = await new AnalyticsReader(app.Storage).ReadFunnelAsync(new DateOnly(2026, 8, 15), CancellationToken.None);
        Assert.Equal(1, funnel!.Stages.Single(s => s.Stage == LifecycleStage.Conversion).Current);

        // The backfill kept what it folded: the next run of the current view finds the identify, and nothing to move.
        var next = await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23), onDemand: true);
        Assert.False(next.Run!.Backfill);
        Assert.Equal("p@example.com", (await MemberAsync(app)).GetString("Email"));
        Assert.Empty((await app.Storage.Queue(StorageNames.StageChangesQueue).PeekMessagesAsync(32)).Value);
    }

    private static async Task<TableEntity> MemberAsync(TestApp app) =>
        Assert.Single(await StoredEvents.WhereAsync(app.Storage, StorageNames.StageMembersTable, TableClient.CreateQueryFilter($"PersonKey eq {"u:p"}")));

    private static async Task<string> HistoryAsync(TestApp app) =>
        string.Join("\n", (await StoredEvents.WhereAsync(app.Storage, StorageNames.StageHistoryTable, string.Empty))
            .Select(e => e.RowKey + ": " + string.Join(";", e.Where(p => p.Key is not ("odata.etag" or "Timestamp")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))));
}
