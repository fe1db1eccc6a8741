using System.Globalization;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Datasets;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Analytics;

/// <summary>
/// The reference real data (PRODUCT.md): every CDNOW purchase folded as an order, the cohort table compared cell
/// by cell with a brute-force computation straight over the purchase list.
/// </summary>
public class CdnowCohortTests
{
    private const string RelativePath = "shared/data/CDNOW_master.txt";
    private const int Customers = 23_570;
    private const int Purchases = 69_659;

    private static readonly DateOnly AsOf = new(1998, 7, 1);

    private static readonly Lazy<(List<CdnowPurchase> Purchases, Dictionary<string, PersonState> People)> Data = new(Load);

    private static string FindDataFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"The CDNOW data set was not found: no folder above {AppContext.BaseDirectory} contains {RelativePath}. It is the reference real data of PRODUCT.md and this test needs it.");
        return string.Empty;
    }

    private static (List<CdnowPurchase>, Dictionary<string, PersonState>) Load()
    {
        var purchases = CdnowReader.ReadFile(FindDataFile()).ToList();
        var folder = new PersonFolder(new LifecycleOptions());
        var people = new Dictionary<string, PersonState>(StringComparer.Ordinal);
        foreach (var purchase in purchases)
        {
            var at = new DateTimeOffset(purchase.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var e = new CapturedEvent
            {
                MessageId = purchase.OrderId,
                Type = EventTypes.OrderCompleted,
                Source = EventSources.Orders,
                UserId = purchase.UserId,
                OrderId = purchase.OrderId,
                Amount = purchase.Amount,
                Timestamp = at,
                ReceivedAt = at,
                Payload = "{}",
            };
            if (!people.TryGetValue(purchase.UserId, out var person))
            {
                people[purchase.UserId] = person = new PersonState { Key = e.PersonKey! };
            }

            folder.Fold(person, e);
        }

        return (purchases, people);
    }

    /// <summary>The independent period arithmetic: a running number of calendar months, or of ISO weeks through <see cref="ISOWeek"/>.</summary>
    private static Func<DateOnly, int> PeriodIndex(CohortGranularity granularity) => granularity == CohortGranularity.Month
        ? d => (d.Year * 12) + d.Month - 1
        : d =>
        {
            var date = d.ToDateTime(TimeOnly.MinValue);
            var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date), DayOfWeek.Monday));
            return monday.DayNumber / 7;
        };

    [Fact]
    public void ReadFile_WithCdnowData_HasEveryPurchaseAndCustomer()
    {
        var (purchases, people) = Data.Value;

        Assert.Equal(Purchases, purchases.Count);
        Assert.Equal(Customers, purchases.Select(p => p.CustomerId).Distinct().Count());
        Assert.Equal(Customers, people.Count);
        Assert.Equal(Purchases, people.Values.Sum(p => p.Orders.Count));
        Assert.Equal(new DateOnly(1997, 1, 1), purchases.Min(p => p.Date));
        Assert.Equal(new DateOnly(1998, 6, 30), purchases.Max(p => p.Date));
    }

    [Theory]
    [InlineData(CohortGranularity.Month)]
    [InlineData(CohortGranularity.Week)]
    public void Build_WithCdnowData_MatchesBruteForceInEveryCell(CohortGranularity granularity)
    {
        var (purchases, people) = Data.Value;
        var aggregator = new CohortAggregator { Granularity = granularity, AsOf = AsOf };
        foreach (var person in people.Values)
        {
            aggregator.Add(person);
        }

        var table = aggregator.Build();

        // Brute force: each customer's revenue by period, the periods numbered independently of CohortPeriods.
        var index = PeriodIndex(granularity);
        var lastIndex = index(AsOf);
        var customers = purchases
            .Where(p => p.Date <= AsOf)
            .GroupBy(p => p.CustomerId)
            .Select(g => g.GroupBy(p => index(p.Date)).ToDictionary(periods => periods.Key, periods => periods.Sum(p => p.Amount)))
            .Select(revenue => (Revenue: revenue, First: revenue.Keys.Min(), Last: revenue.Keys.Max()))
            .ToList();
        var cohorts = customers.GroupBy(c => c.First).OrderBy(g => g.Key).Select(g => (g.Key, Customers: g.ToList())).ToList();

        Assert.Equal(Customers, customers.Count);
        Assert.Equal(Customers, table.Rows.Sum(r => r.Size));
        Assert.Equal(cohorts.Count, table.Rows.Count);
        for (var r = 0; r < cohorts.Count; r++)
        {
            var cohort = cohorts[r];
            var row = table.Rows[r];
            var size = cohort.Customers.Count;
            Assert.Equal(size, row.Size);
            Assert.Equal(cohort.Key, index(row.Start));
            Assert.Equal(lastIndex - cohort.Key + 1, row.Cells.Count);

            var cumulative = 0m;
            for (var offset = 0; offset < row.Cells.Count; offset++)
            {
                var period = cohort.Key + offset;
                var on = cohort.Customers.Count(c => c.Revenue.ContainsKey(period));
                var onOrAfter = cohort.Customers.Count(c => c.Last >= period);
                var revenue = cohort.Customers.Sum(c => c.Revenue.GetValueOrDefault(period));
                cumulative += revenue;

                var cell = row.Cells[offset];
                var where = $"{row.Cohort} offset {offset}";
                Assert.True(offset == cell.Offset, where);
                Assert.True(period == index(cell.PeriodStart), where);
                Assert.True(on == cell.On, $"{where}: On {cell.On}, expected {on}");
                Assert.True(onOrAfter == cell.OnOrAfter, $"{where}: OnOrAfter {cell.OnOrAfter}, expected {onOrAfter}");
                Assert.True(revenue == cell.Revenue, $"{where}: Revenue {cell.Revenue}, expected {revenue}");
                Assert.True(Math.Round(cumulative / size, 4) == cell.CumulativeRevenuePerCustomer, $"{where}: cumulative {cell.CumulativeRevenuePerCustomer}");
                Assert.True((period == lastIndex) == cell.Incomplete, $"{where}: Incomplete {cell.Incomplete}");
            }

            Assert.Equal(size, row.Cells[0].On);
            Assert.Equal(size, row.Cells[0].OnOrAfter);
        }

        Assert.Equal(purchases.Sum(p => p.Amount), table.Rows.Sum(r => r.Cells.Sum(c => c.Revenue)));
    }

    [Fact]
    public void Build_WithCdnowDataMonthly_HasThreeCohortsOfFirstQuarter1997()
    {
        var (_, people) = Data.Value;
        var aggregator = new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = AsOf };
        foreach (var person in people.Values)
        {
            aggregator.Add(person);
        }

        var table = aggregator.Build();

        Assert.Equal(["1997-01", "1997-02", "1997-03"], table.Rows.Select(r => r.Cohort));
        Assert.Equal([19, 18, 17], table.Rows.Select(r => r.Cells.Count));
    }

    [Fact]
    public void Classify_WithCdnowData_LapsedCountMatchesLastPurchaseOlderThan90Days()
    {
        var (purchases, people) = Data.Value;
        var classifier = new StageClassifier(new LifecycleOptions());

        var byClassifier = people.Values.Count(p => classifier.Classify(p, AsOf) == LifecycleStage.Lapsed);
        var independent = purchases
            .GroupBy(p => p.CustomerId)
            .Count(g => AsOf.DayNumber - g.Max(p => p.Date).DayNumber > 90);

        Assert.Equal(independent, byClassifier);

        // The same count from a separate script over the file (last purchase per customer, more than 90 days before).
        Assert.Equal(20_269, byClassifier);
        Assert.InRange(byClassifier, 1, Customers - 1);
        Assert.All(people.Values, p => Assert.NotNull(classifier.Classify(p, AsOf)));
        Assert.DoesNotContain(people.Values, p => classifier.Classify(p, AsOf) is LifecycleStage.Reach or LifecycleStage.Acquisition);
    }
}
