using System.Text.Json;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class CohortAggregatorTests
{
    private static readonly DateOnly MonthlyAsOf = new(2024, 3, 15);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static PersonState Person(string id, params CapturedEvent[] events) =>
        Fold(new LifecycleOptions(), "u:" + id, events.Select(e => e with { UserId = id }));

    /// <summary>
    /// Alice: January cohort, orders in months 0 and 2. Bob: January cohort, orders in months 0 and 1.
    /// Carol: February, partly refunded. Dave: only a refunded order. Erin: only an order after the as-of day.
    /// Frank: first order refunded, so his cohort is that of his second order, March.
    /// </summary>
    private static List<PersonState> MonthlyPeople() =>
    [
        Person("alice", Order(At(2024, 1, 5), "a-1", 10m), Order(At(2024, 1, 20), "a-2", 5m), Order(At(2024, 3, 2), "a-3", 20m)),
        Person("bob", Order(At(2024, 1, 31, 23), "b-1", 30m), Order(At(2024, 2, 1, 0), "b-2", 40m)),
        Person("carol", Order(At(2024, 2, 10), "c-1", 50m), Refund(At(2024, 2, 12), "c-1", 10m)),
        Person("dave", Order(At(2024, 2, 20), "d-1", 25m), Refund(At(2024, 2, 21), "d-1", 25m)),
        Person("erin", Page(At(2024, 3, 1)), Order(At(2024, 3, 16, 0), "e-1", 99m)),
        Person("frank", Order(At(2024, 2, 28), "f-1", 80m), Refund(At(2024, 3, 1), "f-1"), Order(At(2024, 3, 5), "f-2", 60m)),
    ];

    private static CohortAggregator Aggregate(CohortGranularity granularity, DateOnly asOf, IEnumerable<PersonState> people)
    {
        var aggregator = new CohortAggregator { Granularity = granularity, AsOf = asOf };
        foreach (var person in people)
        {
            aggregator.Add(person);
        }

        return aggregator;
    }

    [Fact]
    public void Build_WithMonthlyExample_GivesHandComputedTable()
    {
        var table = Aggregate(CohortGranularity.Month, MonthlyAsOf, MonthlyPeople()).Build();

        Assert.Equal(CohortGranularity.Month, table.Granularity);
        Assert.Equal(MonthlyAsOf, table.AsOf);
        Assert.Equal(["2024-01", "2024-02", "2024-03"], table.Rows.Select(r => r.Cohort));
        Assert.Equal([D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)], table.Rows.Select(r => r.Start));
        Assert.Equal([2, 1, 1], table.Rows.Select(r => r.Size));

        CohortCell[] january =
        [
            new(0, D(2024, 1, 1), On: 2, OnOrAfter: 2, Revenue: 45m, CumulativeRevenuePerCustomer: 22.5m, Incomplete: false),
            new(1, D(2024, 2, 1), On: 1, OnOrAfter: 2, Revenue: 40m, CumulativeRevenuePerCustomer: 42.5m, Incomplete: false),
            new(2, D(2024, 3, 1), On: 1, OnOrAfter: 1, Revenue: 20m, CumulativeRevenuePerCustomer: 52.5m, Incomplete: true),
        ];
        CohortCell[] february =
        [
            new(0, D(2024, 2, 1), On: 1, OnOrAfter: 1, Revenue: 40m, CumulativeRevenuePerCustomer: 40m, Incomplete: false),
            new(1, D(2024, 3, 1), On: 0, OnOrAfter: 0, Revenue: 0m, CumulativeRevenuePerCustomer: 40m, Incomplete: true),
        ];
        CohortCell[] march =
        [
            new(0, D(2024, 3, 1), On: 1, OnOrAfter: 1, Revenue: 60m, CumulativeRevenuePerCustomer: 60m, Incomplete: true),
        ];
        Assert.Equal(january, table.Rows[0].Cells);
        Assert.Equal(february, table.Rows[1].Cells);
        Assert.Equal(march, table.Rows[2].Cells);
    }

    [Fact]
    public void Build_WithMonthlyExample_GivesShares()
    {
        var january = Aggregate(CohortGranularity.Month, MonthlyAsOf, MonthlyPeople()).Build().Rows[0];

        Assert.Equal([1.0, 0.5, 0.5], january.Cells.Select(c => c.OnShare(january.Size)));
        Assert.Equal([1.0, 1.0, 0.5], january.Cells.Select(c => c.OnOrAfterShare(january.Size)));
        Assert.Equal(0, january.Cells[0].OnShare(0));
    }

    [Fact]
    public void Build_AsOfLastDayOfMonth_MarksNoPeriodIncomplete()
    {
        var table = Aggregate(CohortGranularity.Month, D(2024, 3, 31), MonthlyPeople()).Build();

        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.False(c.Incomplete));

        // Erin's order of 2024-03-16 now counts: she joins the March cohort.
        Assert.Equal(2, table.Rows[2].Size);
    }

    [Fact]
    public void Build_AsOfFirstDayOfNextMonth_AddsEmptyIncompleteColumn()
    {
        var table = Aggregate(CohortGranularity.Month, D(2024, 4, 1), MonthlyPeople()).Build();

        var last = table.Rows[0].Cells[^1];
        Assert.Equal(new CohortCell(3, D(2024, 4, 1), 0, 0, 0m, 52.5m, true), last);
        Assert.All(table.Rows, r => Assert.Equal(D(2024, 4, 1), r.Cells[^1].PeriodStart));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Equal(c.PeriodStart == D(2024, 4, 1), c.Incomplete));
        Assert.Equal(2, table.Rows[2].Size);
    }

    [Fact]
    public void Add_WithOnlyRefundedOrders_JoinsNoCohort()
    {
        var aggregator = Aggregate(CohortGranularity.Month, MonthlyAsOf, [MonthlyPeople()[3]]);

        Assert.Empty(aggregator.Cohorts);
        Assert.Empty(aggregator.Build().Rows);
    }

    [Fact]
    public void Add_WithOnlyOrdersAfterAsOf_JoinsNoCohort()
    {
        Assert.Empty(Aggregate(CohortGranularity.Month, MonthlyAsOf, [MonthlyPeople()[4]]).Cohorts);
    }

    [Fact]
    public void Add_WithPersonWithoutOrders_JoinsNoCohort()
    {
        Assert.Empty(Aggregate(CohortGranularity.Month, MonthlyAsOf, [Person("visitor", Page(At(2024, 1, 1)), Identify(At(2024, 1, 2)))]).Cohorts);
    }

    [Fact]
    public void Build_WithWeeklyExample_GivesHandComputedTable()
    {
        // 2024-01-01 is a Monday, so weeks start 01-01, 01-08 and 01-15; 2024-01-17 is the Wednesday of the third.
        var people = new[]
        {
            Person("p1", Order(At(2024, 1, 2), "p1-1", 10m), Order(At(2024, 1, 7, 23), "p1-2", 5m), Order(At(2024, 1, 15, 0), "p1-3", 7m)),
            Person("p2", Order(At(2024, 1, 8, 0), "p2-1", 20m)),
            Person("p3", Order(At(2024, 1, 3), "p3-1", 4m), Order(At(2024, 1, 10), "p3-2", 6m), Order(At(2024, 1, 18), "p3-3", 1000m)),
        };

        var table = Aggregate(CohortGranularity.Week, D(2024, 1, 17), people).Build();

        Assert.Equal(["2024-W01", "2024-W02"], table.Rows.Select(r => r.Cohort));
        Assert.Equal([2, 1], table.Rows.Select(r => r.Size));
        CohortCell[] first =
        [
            new(0, D(2024, 1, 1), On: 2, OnOrAfter: 2, Revenue: 19m, CumulativeRevenuePerCustomer: 9.5m, Incomplete: false),
            new(1, D(2024, 1, 8), On: 1, OnOrAfter: 2, Revenue: 6m, CumulativeRevenuePerCustomer: 12.5m, Incomplete: false),
            new(2, D(2024, 1, 15), On: 1, OnOrAfter: 1, Revenue: 7m, CumulativeRevenuePerCustomer: 16m, Incomplete: true),
        ];
        CohortCell[] second =
        [
            new(0, D(2024, 1, 8), On: 1, OnOrAfter: 1, Revenue: 20m, CumulativeRevenuePerCustomer: 20m, Incomplete: false),
            new(1, D(2024, 1, 15), On: 0, OnOrAfter: 0, Revenue: 0m, CumulativeRevenuePerCustomer: 20m, Incomplete: true),
        ];
        Assert.Equal(first, table.Rows[0].Cells);
        Assert.Equal(second, table.Rows[1].Cells);
    }

    [Fact]
    public void Build_WithWeeklyCohortAcrossYearEnd_LabelsIsoWeekYear()
    {
        // 1997-01-01 is a Wednesday; 1997-01-13 the Monday of the third week; 1997-01-14 a Tuesday.
        var table = Aggregate(CohortGranularity.Week, D(1997, 1, 14), [Person("x", Order(At(1997, 1, 1), "x-1", 1m), Order(At(1997, 1, 13), "x-2", 2m))]).Build();

        var row = Assert.Single(table.Rows);
        Assert.Equal("1997-W01", row.Cohort);
        Assert.Equal(D(1996, 12, 30), row.Start);
        Assert.Equal([D(1996, 12, 30), D(1997, 1, 6), D(1997, 1, 13)], row.Cells.Select(c => c.PeriodStart));
        Assert.Equal([1, 0, 1], row.Cells.Select(c => c.On));
        Assert.Equal([1, 1, 1], row.Cells.Select(c => c.OnOrAfter));
        Assert.Equal([false, false, true], row.Cells.Select(c => c.Incomplete));
    }

    [Fact]
    public void Build_WithCumulativeRevenueNotWhole_RoundsToFourDecimals()
    {
        var people = new[]
        {
            Person("p1", Order(At(2024, 1, 5), "p1-1", 10m)),
            Person("p2", Order(At(2024, 1, 6), "p2-1", 0m)),
            Person("p3", Order(At(2024, 1, 7), "p3-1", 0m)),
        };

        var cell = Aggregate(CohortGranularity.Month, D(2024, 1, 31), people).Build().Rows[0].Cells[0];

        Assert.Equal(3, cell.On);
        Assert.Equal(3.3333m, cell.CumulativeRevenuePerCustomer);
    }

    [Theory]
    [InlineData(CohortGranularity.Month)]
    [InlineData(CohortGranularity.Week)]
    public void Merge_OfTwoPartialAggregators_EqualsOneOverAllPeople(CohortGranularity granularity)
    {
        var people = MonthlyPeople();
        var whole = Aggregate(granularity, MonthlyAsOf, people);
        var even = Aggregate(granularity, MonthlyAsOf, people.Where((_, i) => i % 2 == 0));
        var odd = Aggregate(granularity, MonthlyAsOf, people.Where((_, i) => i % 2 == 1));

        even.Merge(odd);

        Assert.Equal(JsonSerializer.Serialize(whole.Build()), JsonSerializer.Serialize(even.Build()));
        Assert.Equal(4, even.Cohorts.Values.Sum(c => c.Size));
    }

    [Fact]
    public void Merge_WithEmptyAggregator_ChangesNothing()
    {
        var aggregator = Aggregate(CohortGranularity.Month, MonthlyAsOf, MonthlyPeople());
        var before = JsonSerializer.Serialize(aggregator.Build());

        aggregator.Merge(new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = MonthlyAsOf });

        Assert.Equal(before, JsonSerializer.Serialize(aggregator.Build()));
    }

    [Fact]
    public void Merge_WithOtherGranularityOrAsOf_Throws()
    {
        var aggregator = new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = MonthlyAsOf };

        Assert.Throws<InvalidOperationException>(() => aggregator.Merge(new CohortAggregator { Granularity = CohortGranularity.Week, AsOf = MonthlyAsOf }));
        Assert.Throws<InvalidOperationException>(() => aggregator.Merge(new CohortAggregator { Granularity = CohortGranularity.Month, AsOf = MonthlyAsOf.AddDays(1) }));
    }
}
