using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using LifecycleFunctions.Storage.Reports;

namespace LifecycleFunctions.IntegrationTests.Reports;

/// <summary>What a recompute writes to the analytics tables reads back as the same domain values, and a rerun for a day replaces that day.</summary>
public sealed class AnalyticsTablesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    private async Task<StorageClients> StorageAsync()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        foreach (var table in new[] { StorageNames.FunnelTable, StorageNames.CohortsTable, StorageNames.CampaignsTable })
        {
            await storage.Table(table).CreateIfNotExistsAsync();
        }

        return storage;
    }

    private static FunnelSnapshot Snapshot(DateOnly asOf, params (string Channel, LifecycleStage Stage, int Orders)[] people)
    {
        var aggregator = new FunnelAggregator { AsOf = asOf };
        foreach (var (channel, stage, orders) in people)
        {
            aggregator.Add(channel, stage, [new StageSpell(stage, asOf.AddDays(-40), null, null, false)]);
            aggregator.Totals.Add(orders, orders * 10m);
        }

        return aggregator.Build();
    }

    [Fact]
    public async Task ReadFunnelAsync_AfterWrite_GivesBackTheSnapshot()
    {
        var storage = await StorageAsync();
        var snapshot = Snapshot(AsOf, ("google", LifecycleStage.Conversion, 1), ("face|book/x", LifecycleStage.Retention, 3), ("direct", LifecycleStage.Reach, 0));

        await new AnalyticsTables(storage).WriteFunnelAsync(snapshot, CancellationToken.None);
        var read = await new AnalyticsReader(storage).ReadFunnelAsync(AsOf, CancellationToken.None);

        Assert.Equal(snapshot.Stages, read!.Stages);
        Assert.Equal(snapshot.ByChannel, read.ByChannel);
        Assert.Equal(snapshot.ByCohort, read.ByCohort);
        Assert.Equal((2, 1, 4L, 40m), (read.Totals.Customers, read.Totals.RepeatCustomers, read.Totals.Orders, read.Totals.Revenue));
    }

    [Fact]
    public async Task WriteFunnelAsync_RerunForTheSameDay_DropsSlicesThatNoLongerExist()
    {
        var storage = await StorageAsync();
        var day = AsOf.AddDays(1);
        var tables = new AnalyticsTables(storage);
        await tables.WriteFunnelAsync(Snapshot(day, ("google", LifecycleStage.Conversion, 1), ("bing", LifecycleStage.Reach, 0)), CancellationToken.None);

        await tables.WriteFunnelAsync(Snapshot(day, ("google", LifecycleStage.Conversion, 1)), CancellationToken.None);
        var read = await new AnalyticsReader(storage).ReadFunnelAsync(day, CancellationToken.None);

        Assert.Equal(["google"], read!.ByChannel.Select(r => r.Slice).Distinct());
        Assert.Equal(1, read.Stages.Sum(s => s.Current));
    }

    [Fact]
    public async Task ReadTrendsAsync_WithSeveralDays_GivesEachDaysOverallCountsOldestFirst()
    {
        var storage = await StorageAsync();
        var tables = new AnalyticsTables(storage);
        var first = new DateOnly(2025, 1, 1);
        await tables.WriteFunnelAsync(Snapshot(first, ("google", LifecycleStage.Reach, 0)), CancellationToken.None);
        await tables.WriteFunnelAsync(Snapshot(first.AddDays(1), ("google", LifecycleStage.Reach, 0), ("google", LifecycleStage.Lapsed, 1)), CancellationToken.None);
        await tables.WriteFunnelAsync(Snapshot(first.AddDays(9), ("google", LifecycleStage.Reach, 0)), CancellationToken.None);

        var trends = await new AnalyticsReader(storage).ReadTrendsAsync(first.AddDays(1), CancellationToken.None);

        Assert.Equal([first, first.AddDays(1)], trends.Select(t => t.AsOf).Where(d => d.Year == 2025));
        Assert.Equal([1, 0, 0, 0, 0, 0, 1], trends.Single(t => t.AsOf == first.AddDays(1)).Stages.Select(s => s.Current));
    }

    [Fact]
    public async Task ReadCohortsAsync_AfterWrite_GivesBackTheTable()
    {
        var storage = await StorageAsync();
        var table = new CohortTable(CohortGranularity.Week, AsOf,
        [
            new CohortRow("2026-W45", new DateOnly(2026, 11, 2), 3,
            [
                new CohortCell(0, new DateOnly(2026, 11, 2), 3, 3, 90.5m, 30.17m, false),
                new CohortCell(1, new DateOnly(2026, 11, 9), 1, 1, 12m, 34.17m, true),
            ]),
        ]);

        await new AnalyticsTables(storage).WriteCohortsAsync(table, CancellationToken.None);
        var read = await new AnalyticsReader(storage).ReadCohortsAsync(AsOf, CohortGranularity.Week, CancellationToken.None);

        Assert.Equal(table.Rows.Single().Cells, read.Rows.Single().Cells);
        Assert.Equal(("2026-W45", new DateOnly(2026, 11, 2), 3), (read.Rows[0].Cohort, read.Rows[0].Start, read.Rows[0].Size));
    }
}
