using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
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

        await storage.Container(StorageNames.LifecycleContainer).CreateIfNotExistsAsync();

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
    public async Task ReadCampaignsAsync_AfterWriteAndARerunForTheDay_GivesBackTheRerunsRowsOnly()
    {
        var storage = await StorageAsync();
        var tables = new AnalyticsTables(storage);
        var clicks = new CampaignAggregator();
        foreach (var (channel, campaign, type, cost) in new[] { ("google", "spring/sale", EventTypes.AdClick, 0.5m), ("google", "spring/sale", EventTypes.AdImpression, 3m), ("face|book", "launch", EventTypes.AdClick, 1.25m) })
        {
            clicks.AddAdEvent(new CapturedEvent { MessageId = Guid.NewGuid().ToString("N"), Type = type, Source = EventSources.Ads, Channel = channel, Campaign = campaign, Cost = cost, Count = type == EventTypes.AdImpression ? 1000 : null, Timestamp = default, ReceivedAt = default, Payload = "{}" });
        }

        var first = clicks.Build();
        var rerun = first.Where(r => r.Channel == "google").ToList();

        await tables.WriteCampaignsAsync(AsOf, first, CancellationToken.None);
        Assert.Equal(first, await new AnalyticsReader(storage).ReadCampaignsAsync(AsOf, CancellationToken.None));
        await tables.WriteCampaignsAsync(AsOf, rerun, CancellationToken.None);

        var read = await new AnalyticsReader(storage).ReadCampaignsAsync(AsOf, CancellationToken.None);
        var google = Assert.Single(read);
        Assert.Equal(("google", "spring/sale", 1000L, 1L, 3.5m), (google.Channel, google.Campaign, google.Impressions, google.Clicks, google.Cost));
        Assert.Equal(0.001, google.ClickThroughRate);
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

    [Fact]
    public async Task WriteCohortsAsync_NextDayWithOneCellChanged_RewritesOnlyThatCellAndKeepsTheEarlierDay()
    {
        var storage = await StorageAsync();
        var tables = new AnalyticsTables(storage);
        var reader = new AnalyticsReader(storage);
        var day = new DateOnly(2026, 6, 30);
        var first = new CohortTable(CohortGranularity.Month, day,
        [
            new CohortRow("2026-05", new DateOnly(2026, 5, 1), 4, [Cell(0, 5, 4, 4, 120m, false), Cell(1, 6, 1, 1, 30m, true)]),
            new CohortRow("2026-06", new DateOnly(2026, 6, 1), 2, [Cell(0, 6, 2, 2, 50m, true)]),
        ]);
        var next = new CohortTable(CohortGranularity.Month, day.AddDays(1),
        [
            new CohortRow("2026-05", new DateOnly(2026, 5, 1), 4, [Cell(0, 5, 4, 4, 120m, false), Cell(1, 6, 2, 2, 55m, true)]),
        ]);
        await tables.WriteCohortsAsync(first, CancellationToken.None);
        var before = await CohortRowsAsync(storage);

        await tables.WriteCohortsAsync(next, CancellationToken.None);
        var after = await CohortRowsAsync(storage);

        Assert.Equal(before["2026-05-000"], after["2026-05-000"]);
        Assert.NotEqual(before["2026-05-001"], after["2026-05-001"]);
        Assert.Equal(["2026-05-000", "2026-05-001", CohortCellEntity.AsOfRow], after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(next.Rows.Single().Cells, (await reader.ReadCurrentCohortsAsync(CohortGranularity.Month, CancellationToken.None))!.Rows.Single().Cells);
        var earlier = await reader.ReadCohortsAsync(day, CohortGranularity.Month, CancellationToken.None);
        Assert.Equal(first.Rows.SelectMany(r => r.Cells), earlier.Rows.SelectMany(r => r.Cells));
    }

    [Fact]
    public async Task WriteCohortsAsync_SameTableAgain_WritesNothing()
    {
        var storage = await StorageAsync();
        var tables = new AnalyticsTables(storage);
        var table = new CohortTable(CohortGranularity.Month, new DateOnly(2026, 8, 31),
        [
            new CohortRow("2026-07", new DateOnly(2026, 7, 1), 3, [Cell(0, 7, 3, 3, 75.25m, false), Cell(1, 8, 1, 1, 20m, false)]),
        ]);
        await tables.WriteCohortsAsync(table, CancellationToken.None);
        var before = await CohortRowsAsync(storage);

        await tables.WriteCohortsAsync(table, CancellationToken.None);

        Assert.Equal(before, await CohortRowsAsync(storage));
    }

    [Fact]
    public async Task WriteCohortsAsync_AfterARunCrashedMidWrite_ComparesWithTheRowsAndRepairsThem()
    {
        var storage = await StorageAsync();
        var tables = new AnalyticsTables(storage);
        var day = new DateOnly(2026, 10, 31);
        var cells = new[] { Cell(0, 9, 5, 5, 100m, false), Cell(1, 10, 2, 2, 40m, false) };
        await tables.WriteCohortsAsync(new CohortTable(CohortGranularity.Month, day, [new CohortRow("2026-09", new DateOnly(2026, 9, 1), 5, cells)]), CancellationToken.None);

        // A run for the next day died after changing one cell: the asof row still says it was writing.
        var client = storage.Table(StorageNames.CohortsTable);
        var partition = CohortCellEntity.Partition(CohortGranularity.Month);
        var cell = (await client.GetEntityAsync<Azure.Data.Tables.TableEntity>(partition, "2026-09-001")).Value;
        cell["On"] = 99;
        await client.UpdateEntityAsync(cell, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);
        var writing = new Azure.Data.Tables.TableEntity(partition, CohortCellEntity.AsOfRow)
        {
            ["AsOf"] = new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero),
            [CohortCellEntity.WritingProperty] = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        };
        await client.UpsertEntityAsync(writing, Azure.Data.Tables.TableUpdateMode.Replace);

        // The rerun finds nothing new: its cells are the first run's.
        await tables.WriteCohortsAsync(new CohortTable(CohortGranularity.Month, day.AddDays(1), [new CohortRow("2026-09", new DateOnly(2026, 9, 1), 5, cells)]), CancellationToken.None);

        var current = await new AnalyticsReader(storage).ReadCurrentCohortsAsync(CohortGranularity.Month, CancellationToken.None);
        Assert.Equal(cells, current!.Rows.Single().Cells);
        Assert.Equal(day.AddDays(1), current.AsOf);
        Assert.False((await client.GetEntityAsync<Azure.Data.Tables.TableEntity>(partition, CohortCellEntity.AsOfRow)).Value.ContainsKey(CohortCellEntity.WritingProperty));
    }

    private static CohortCell Cell(int offset, int month, int on, int onOrAfter, decimal revenue, bool incomplete) =>
        new(offset, new DateOnly(2026, month, 1), on, onOrAfter, revenue, revenue / 4, incomplete);

    /// <summary>Row key to ETag of the monthly cohorts partition: a row written again gets a new ETag.</summary>
    private static async Task<Dictionary<string, string>> CohortRowsAsync(StorageClients storage)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        var partition = CohortCellEntity.Partition(CohortGranularity.Month);
        await foreach (var e in storage.Table(StorageNames.CohortsTable).QueryAsync<Azure.Data.Tables.TableEntity>(x => x.PartitionKey == partition))
        {
            rows[e.RowKey] = e.ETag.ToString();
        }

        return rows;
    }
}
