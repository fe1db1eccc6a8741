using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Datasets;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Lifecycle;
using LifecycleFunctions.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// The reference real data end to end: all 69,659 CDNOW purchases through the purchase-events queue, a
/// recompute as of 1998-07-01, and the stored cohort table and stage counts checked against a computation
/// over the file written here, independently of the engine.
/// </summary>
public sealed class CdnowRecomputeTests(CdnowRecomputeTests.Fixture fixture) : IClassFixture<CdnowRecomputeTests.Fixture>
{
    private static readonly DateOnly AsOf = new(1998, 7, 1);

    [Fact]
    public void Recompute_WithAllCdnowPurchases_FoldsEveryCustomer()
    {
        Assert.Equal(69_659, fixture.Purchases.Count);
        Assert.Equal(69_659, fixture.Result.Events);
        Assert.Equal(23_570, fixture.Result.People);
    }

    [Fact]
    public async Task Recompute_WithAllCdnowPurchases_StoresTheMonthlyCohortTableOfTheFile()
    {
        var expected = ExpectedMonthlyCohorts(fixture.Purchases);
        var partition = CohortCellEntity.Partition(Domain.Analytics.CohortGranularity.Month);

        var cells = (await StoredEvents.WhereAsync(fixture.App.Storage, StorageNames.CohortsTable, TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            .Where(c => c.RowKey != CohortCellEntity.AsOfRow).ToList();

        Assert.Equal(expected.Sizes.Keys.Order(), cells.Select(c => c.GetString("Cohort")).Distinct().Order());

        // Every period from the cohort's month to July 1998 has its cell, whether anyone ordered in it or not.
        var expectedCells = expected.Sizes.Keys.SelectMany(cohort =>
        {
            var start = DateOnly.ParseExact(cohort + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var periods = (AsOf.Year - start.Year) * 12 + AsOf.Month - start.Month;
            return Enumerable.Range(0, periods + 1).Select(offset => $"{cohort}+{offset}");
        }).Order(StringComparer.Ordinal);
        Assert.Equal(expectedCells, cells.Select(c => $"{c.GetString("Cohort")}+{c.GetInt32("Offset")}").Order(StringComparer.Ordinal));
        foreach (var cell in cells)
        {
            var cohort = cell.GetString("Cohort");
            var offset = cell.GetInt32("Offset")!.Value;
            Assert.Equal(expected.Sizes[cohort], cell.GetInt32("Size"));
            Assert.Equal(expected.On.GetValueOrDefault((cohort, offset)), cell.GetInt32("On"));
            Assert.Equal(expected.OnOrAfter.GetValueOrDefault((cohort, offset)), cell.GetInt32("OnOrAfter"));
            Assert.Equal(expected.Revenue.GetValueOrDefault((cohort, offset)), decimal.Parse(cell.GetString("Revenue"), CultureInfo.InvariantCulture));
            var cumulative = Enumerable.Range(0, offset + 1).Sum(o => expected.Revenue.GetValueOrDefault((cohort, o)));
            Assert.Equal(Math.Round(cumulative / expected.Sizes[cohort], 4), decimal.Parse(cell.GetString("CumulativeRevenuePerCustomer"), CultureInfo.InvariantCulture));
        }

        // First quarter 1997 cohorts, periods up to July 1998 (the last one still in progress on 1 July).
        Assert.Equal(["1997-01", "1997-02", "1997-03"], expected.Sizes.Keys.Order());
        Assert.Equal(23_570, expected.Sizes.Values.Sum());
        Assert.Contains(cells, c => c.GetString("Cohort") == "1997-01" && c.GetInt32("Offset") == 18 && c.GetBoolean("Incomplete") == true);
        Assert.Contains(cells, c => c.GetString("Cohort") == "1997-01" && c.GetInt32("Offset") == 17 && c.GetBoolean("Incomplete") == false);
    }

    [Fact]
    public async Task Recompute_WithAllCdnowPurchases_ClassifiesLapsedCustomersLikeTheFile()
    {
        // Lapsed: no purchase within 90 days of 1 July 1998, i.e. the last one on or before 2 April 1998.
        var lastPurchase = fixture.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Max(p => p.Date));
        var expectedLapsed = lastPurchase.Values.Count(d => AsOf.DayNumber - d.DayNumber > 90);
        var buyers = fixture.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Count());

        var members = await StoredEvents.WhereAsync(fixture.App.Storage, StorageNames.StageMembersTable, "PartitionKey ne ''");
        var byStage = members.GroupBy(m => m.PartitionKey).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(expectedLapsed, byStage["Lapsed"]);
        Assert.Equal(23_570, members.Count);
        Assert.False(byStage.ContainsKey("Reach") || byStage.ContainsKey("Acquisition"), "Every CDNOW customer has bought.");
        var active = lastPurchase.Where(kv => AsOf.DayNumber - kv.Value.DayNumber <= 90).Select(kv => kv.Key).ToList();
        Assert.Equal(active.Count(c => buyers[c] == 1), byStage.GetValueOrDefault("Conversion"));
    }

    [Fact]
    public async Task ExportWorkbook_WithAllCdnowPurchases_CohortCellsAndLapsedSheetMatchTheFile()
    {
        var expected = ExpectedMonthlyCohorts(fixture.Purchases);
        var load = await fixture.App.Services.GetRequiredService<FunnelReportLoader>().LoadAsync(null, new ReportFilter(), CancellationToken.None);
        using var stream = new MemoryStream();
        await fixture.App.Services.GetRequiredService<FunnelWorkbookExporter>().ExportAsync(load.Report!, stream, null, CancellationToken.None);

        using var workbook = WorkbookAssert.Open(stream);
        var on = workbook.NamedRange("Cohorts_On").Ranges.Single();
        var onOrAfter = workbook.NamedRange("Cohorts_OnOrAfterShare").Ranges.Single();
        var cohorts = on.Rows().Skip(1).ToList();
        Assert.Equal(expected.Sizes.Keys.Order(), cohorts.Select(r => r.Cell(1).GetString()));
        foreach (var row in cohorts)
        {
            var cohort = row.Cell(1).GetString();
            Assert.Equal(expected.Sizes[cohort], row.Cell(2).GetDouble());
            for (var offset = 0; offset <= 18; offset++)
            {
                // Periods after the as-of day are left empty: nobody can have ordered in them yet.
                Assert.Equal(expected.On.GetValueOrDefault((cohort, offset)), Number(row.Cell(3 + offset)));
                var share = Number(onOrAfter.Rows().Single(r => r.Cell(1).GetString() == cohort).Cell(3 + offset));
                Assert.Equal((double)expected.OnOrAfter.GetValueOrDefault((cohort, offset)) / expected.Sizes[cohort], share, 12);
            }
        }

        var lastPurchase = fixture.Purchases.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.Max(p => p.Date));
        var expectedLapsed = lastPurchase.Where(kv => AsOf.DayNumber - kv.Value.DayNumber > 90).Select(kv => "u:cdnow-" + kv.Key).Order(StringComparer.Ordinal);
        var lapsed = workbook.Worksheet("Lapsed").Tables.Single().DataRange.Rows().Select(r => r.Cell(1).GetString());
        Assert.Equal(expectedLapsed, lapsed.Order(StringComparer.Ordinal));
    }

    private static double Number(ClosedXML.Excel.IXLCell cell) => cell.IsEmpty() ? 0 : cell.GetDouble();

    private static (Dictionary<string, int> Sizes, Dictionary<(string, int), int> On, Dictionary<(string, int), int> OnOrAfter, Dictionary<(string, int), decimal> Revenue) ExpectedMonthlyCohorts(IReadOnlyList<CdnowPurchase> purchases)
    {
        var sizes = new Dictionary<string, int>();
        var on = new Dictionary<(string, int), int>();
        var onOrAfter = new Dictionary<(string, int), int>();
        var revenue = new Dictionary<(string, int), decimal>();
        foreach (var customer in purchases.GroupBy(p => p.CustomerId))
        {
            var first = customer.Min(p => p.Date);
            var cohort = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            sizes[cohort] = sizes.GetValueOrDefault(cohort) + 1;
            int MonthOffset(DateOnly d) => ((d.Year - first.Year) * 12) + d.Month - first.Month;
            foreach (var month in customer.GroupBy(p => MonthOffset(p.Date)))
            {
                on[(cohort, month.Key)] = on.GetValueOrDefault((cohort, month.Key)) + 1;
                revenue[(cohort, month.Key)] = revenue.GetValueOrDefault((cohort, month.Key)) + month.Sum(p => p.Amount);
            }

            for (var offset = 0; offset <= customer.Max(p => MonthOffset(p.Date)); offset++)
            {
                onOrAfter[(cohort, offset)] = onOrAfter.GetValueOrDefault((cohort, offset)) + 1;
            }
        }

        return (sizes, on, onOrAfter, revenue);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();

        public TestApp App { get; private set; } = null!;
        public IReadOnlyList<CdnowPurchase> Purchases { get; private set; } = [];
        public RecomputeResult Result { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _azurite.InitializeAsync();
            App = await TestApp.StartAsync(_azurite.ConnectionString, settings: new Dictionary<string, string?>
            {
                ["Recompute:WatermarkLagSeconds"] = "0",
                ["AzureFunctionsJobHost:extensions:queues:batchSize"] = "32",
                ["AzureFunctionsJobHost:extensions:queues:newBatchThreshold"] = "32",
            });
            Purchases = SharedData.CdnowPurchases();

            // A hundred orders a message, as an order system exporting a day's orders would send them.
            var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);
            var messages = Purchases.Chunk(100).Select(chunk => "{\"batch\":[" + string.Join(',', chunk.Select(p => PurchaseMessage.FromCdnow(p).ToJson())) + "]}").ToList();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (body, token) => await queue.SendMessageAsync(body, token));
            var counters = App.Services.GetRequiredService<EventStoreCounters>();
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (counters.Stored + counters.Duplicates < Purchases.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            Result = await App.Services.GetRequiredService<LifecycleRecompute>()
                .RunAsync(AsOf, App.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _azurite.DisposeAsync();
        }
    }
}
