using System.Text.Json;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class FunnelAggregatorTests
{
    private static readonly DateOnly AsOf = new(2024, 12, 31);

    private static DateOnly D(int month, int day) => new(2024, month, day);

    /// <summary>A history from (stage, entered) pairs, each spell exited when the next is entered.</summary>
    private static List<StageSpell> History(params (LifecycleStage Stage, DateOnly Entered)[] steps)
    {
        var spells = new List<StageSpell>();
        for (var i = 0; i < steps.Length; i++)
        {
            DateOnly? exited = i + 1 < steps.Length ? steps[i + 1].Entered : null;
            LifecycleStage? previous = i > 0 ? steps[i - 1].Stage : null;
            spells.Add(new StageSpell(steps[i].Stage, steps[i].Entered, exited, previous, previous == LifecycleStage.Lapsed));
        }

        return spells;
    }

    /// <summary>
    /// P1 (google) lapsed after one order; P2 (google) signed up; P3 (direct) only visited; P4 (facebook) came in
    /// by ordering, skipping Reach and Acquisition, and became loyal; P5 (facebook) went all the way to Advocacy.
    /// </summary>
    private static List<(string Channel, List<StageSpell> History)> People() =>
    [
        ("google", History((LifecycleStage.Reach, D(1, 1)), (LifecycleStage.Acquisition, D(1, 3)), (LifecycleStage.Conversion, D(1, 11)), (LifecycleStage.Lapsed, D(4, 11)))),
        ("google", History((LifecycleStage.Reach, D(1, 1)), (LifecycleStage.Acquisition, D(1, 2)))),
        ("direct", History((LifecycleStage.Reach, D(2, 1)))),
        ("facebook", History((LifecycleStage.Conversion, D(3, 1)), (LifecycleStage.Retention, D(3, 5)), (LifecycleStage.Loyalty, D(3, 20)))),
        ("facebook", History((LifecycleStage.Reach, D(1, 1)), (LifecycleStage.Acquisition, D(1, 5)), (LifecycleStage.Conversion, D(1, 10)), (LifecycleStage.Retention, D(1, 20)), (LifecycleStage.Advocacy, D(2, 1)))),
    ];

    private static FunnelAggregator Aggregate(IEnumerable<(string Channel, List<StageSpell> History)> people)
    {
        var aggregator = new FunnelAggregator { AsOf = AsOf };
        foreach (var (channel, history) in people)
        {
            aggregator.Add(channel, history[^1].Stage, history);
        }

        return aggregator;
    }

    private static SortedDictionary<int, int> Histogram(params int[] values) =>
        new(values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count()));

    [Fact]
    public void Build_WithFivePeople_GivesHandComputedFunnel()
    {
        var snapshot = Aggregate(People()).Build();

        FunnelRow[] expected =
        [
            new(LifecycleStage.Reach, 1, 5, null, 1.0, 1.5),
            new(LifecycleStage.Acquisition, 1, 4, 4.0 / 5, 4.0 / 5, 5),
            new(LifecycleStage.Conversion, 0, 3, 3.0 / 4, 3.0 / 5, 7),
            new(LifecycleStage.Retention, 0, 2, 2.0 / 3, 2.0 / 5, 15),
            new(LifecycleStage.Loyalty, 1, 1, 1.0 / 2, 1.0 / 5, null),
            new(LifecycleStage.Advocacy, 1, 1, 1.0 / 2, 1.0 / 5, null),
            new(LifecycleStage.Lapsed, 1, 1, 1.0 / 3, 1.0 / 5, null),
        ];
        Assert.Equal(AsOf, snapshot.AsOf);
        Assert.Equal(expected, snapshot.Stages);
    }

    [Fact]
    public void Build_WithFivePeople_BreaksDownByFirstTouchChannel()
    {
        var snapshot = Aggregate(People()).Build();

        Assert.Equal(3 * 7, snapshot.ByChannel.Count);
        Assert.Equal(["direct", "facebook", "google"], snapshot.ByChannel.Select(r => r.Slice).Distinct());
        Assert.DoesNotContain(snapshot.ByChannel, r => r.Slice == FunnelAggregator.AllChannels);

        FunnelSliceRow[] google =
        [
            new("google", LifecycleStage.Reach, 0, 2, 1.0),
            new("google", LifecycleStage.Acquisition, 1, 2, 1.0),
            new("google", LifecycleStage.Conversion, 0, 1, 0.5),
            new("google", LifecycleStage.Retention, 0, 0, 0.0),
            new("google", LifecycleStage.Loyalty, 0, 0, 0.0),
            new("google", LifecycleStage.Advocacy, 0, 0, 0.0),
            new("google", LifecycleStage.Lapsed, 1, 1, 0.5),
        ];
        Assert.Equal(google, snapshot.ByChannel.Where(r => r.Slice == "google"));
        Assert.Equal([2, 2, 2, 2, 1, 1, 0], snapshot.ByChannel.Where(r => r.Slice == "facebook").Select(r => r.EverReached));
        Assert.Equal([0, 0, 0, 0, 1, 1, 0], snapshot.ByChannel.Where(r => r.Slice == "facebook").Select(r => r.Current));
        Assert.Equal(new FunnelSliceRow("direct", LifecycleStage.Reach, 1, 1, 1.0), snapshot.ByChannel.First(r => r.Slice == "direct"));
    }

    [Fact]
    public void Build_WithFivePeople_BreaksDownByMonthFirstEnteredFunnel()
    {
        var snapshot = Aggregate(People()).Build();

        // January: P1, P2, P5; February: P3; March: P4 (who came in by ordering).
        Assert.Equal(["2024-01", "2024-02", "2024-03"], snapshot.ByCohort.Select(r => r.Slice).Distinct());
        Assert.Equal([3, 3, 2, 1, 0, 1, 1], snapshot.ByCohort.Where(r => r.Slice == "2024-01").Select(r => r.EverReached));
        Assert.Equal([0, 1, 0, 0, 0, 1, 1], snapshot.ByCohort.Where(r => r.Slice == "2024-01").Select(r => r.Current));
        Assert.Equal(2.0 / 3, snapshot.ByCohort.Single(r => r.Slice == "2024-01" && r.Stage == LifecycleStage.Conversion).ConversionFromReach);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0], snapshot.ByCohort.Where(r => r.Slice == "2024-02").Select(r => r.EverReached));
        Assert.Equal([1, 1, 1, 1, 1, 0, 0], snapshot.ByCohort.Where(r => r.Slice == "2024-03").Select(r => r.EverReached));
    }

    [Fact]
    public void TotalsAdd_WithCustomersAndVisitors_CountsOnlyPeopleWithOrders()
    {
        var totals = new FunnelTotals();

        totals.Add(0, 0m);
        totals.Add(1, 30m);
        totals.Add(3, 90m);
        totals.Add(2, 0m);

        Assert.Equal((3, 2, 6L, 120m), (totals.Customers, totals.RepeatCustomers, totals.Orders, totals.Revenue));
        Assert.Equal(2.0 / 3, totals.RepeatPurchaseRate);
        Assert.Equal(20m, totals.AverageOrderValue);
    }

    [Fact]
    public void Totals_WithNoOrders_HaveNoRatesRatherThanZero()
    {
        var totals = new FunnelTotals();

        Assert.Null(totals.RepeatPurchaseRate);
        Assert.Null(totals.AverageOrderValue);
    }

    [Fact]
    public void FirstEntries_WithLapsedOnly_ReachesConversionButNotRetention()
    {
        var entered = FunnelAggregator.FirstEntries(History((LifecycleStage.Lapsed, D(5, 1))));

        Assert.Equal(
            new Dictionary<LifecycleStage, DateOnly> { [LifecycleStage.Reach] = D(5, 1), [LifecycleStage.Acquisition] = D(5, 1), [LifecycleStage.Conversion] = D(5, 1), [LifecycleStage.Lapsed] = D(5, 1) },
            entered);
    }

    [Fact]
    public void FirstEntries_WithLoyaltyOnly_ReachesRetentionButNotAdvocacy()
    {
        var entered = FunnelAggregator.FirstEntries(History((LifecycleStage.Loyalty, D(5, 1))));

        Assert.Equal(
            [LifecycleStage.Reach, LifecycleStage.Acquisition, LifecycleStage.Conversion, LifecycleStage.Retention, LifecycleStage.Loyalty],
            entered.Keys.Order());
    }

    [Fact]
    public void FirstEntries_WithAdvocacy_ReachesRetentionButNotLoyalty()
    {
        var entered = FunnelAggregator.FirstEntries(History((LifecycleStage.Conversion, D(5, 1)), (LifecycleStage.Advocacy, D(6, 1))));

        Assert.Equal(D(6, 1), entered[LifecycleStage.Retention]);
        Assert.Equal(D(5, 1), entered[LifecycleStage.Reach]);
        Assert.False(entered.ContainsKey(LifecycleStage.Loyalty));
    }

    [Fact]
    public void FirstEntries_WithStageEnteredTwice_KeepsFirstEntry()
    {
        var entered = FunnelAggregator.FirstEntries(History(
            (LifecycleStage.Conversion, D(1, 1)),
            (LifecycleStage.Retention, D(2, 1)),
            (LifecycleStage.Lapsed, D(5, 2)),
            (LifecycleStage.Retention, D(6, 1)),
            (LifecycleStage.Lapsed, D(9, 1))));

        Assert.Equal(D(2, 1), entered[LifecycleStage.Retention]);
        Assert.Equal(D(5, 2), entered[LifecycleStage.Lapsed]);
    }

    [Fact]
    public void Add_WithLapsedCustomerFromTimeline_CountsReachedConversion()
    {
        var timeline = new StageTimeline(new StageClassifier(new LifecycleOptions()));
        var person = Fold(Order(At(2024, 1, 10), "o-1", 10m));
        var history = timeline.Build(person, AsOf);
        var aggregator = new FunnelAggregator { AsOf = AsOf };

        aggregator.Add(person.FirstTouchChannel, new StageClassifier(new LifecycleOptions()).Classify(person, AsOf), history);

        var rows = aggregator.Build().Stages.ToDictionary(r => r.Stage);
        Assert.Equal(1, rows[LifecycleStage.Lapsed].Current);
        Assert.Equal(1, rows[LifecycleStage.Conversion].EverReached);
        Assert.Equal(1, rows[LifecycleStage.Reach].EverReached);
        Assert.Equal(0, rows[LifecycleStage.Retention].EverReached);
        Assert.Equal(0, rows[LifecycleStage.Conversion].Current);
        Assert.Equal(1.0, rows[LifecycleStage.Lapsed].StepConversion);
        Assert.Equal("direct", Assert.Single(aggregator.Build().ByChannel.Select(r => r.Slice).Distinct()));
    }

    [Fact]
    public void Add_WithAdvocacyBeforeLoyalty_DoesNotCountNegativeDaysFromLoyalty()
    {
        // Retention, then Advocacy after a referral, then Loyalty when the referral ran out.
        var history = History(
            (LifecycleStage.Conversion, D(1, 10)),
            (LifecycleStage.Retention, D(2, 10)),
            (LifecycleStage.Advocacy, D(2, 20)),
            (LifecycleStage.Loyalty, D(12, 20)));
        var aggregator = new FunnelAggregator { AsOf = AsOf };

        aggregator.Add("direct", LifecycleStage.Loyalty, history);

        var counts = aggregator.ByChannel[FunnelAggregator.AllChannels];
        Assert.Empty(counts.DaysToNext[(int)LifecycleStage.Loyalty]);
        Assert.Null(aggregator.Build().Stages.Single(r => r.Stage == LifecycleStage.Loyalty).MedianDaysToNext);
        Assert.Equal(314, aggregator.Build().Stages.Single(r => r.Stage == LifecycleStage.Retention).MedianDaysToNext);
    }

    [Fact]
    public void Add_WithNoCurrentStageOrNoHistory_IgnoresPerson()
    {
        var aggregator = new FunnelAggregator { AsOf = AsOf };

        aggregator.Add("google", null, History((LifecycleStage.Reach, D(1, 1))));
        aggregator.Add("google", LifecycleStage.Reach, []);

        Assert.Empty(aggregator.ByChannel);
        Assert.All(aggregator.Build().Stages, r => Assert.Equal((0, 0, (double?)null), (r.Current, r.EverReached, r.ConversionFromReach)));
    }

    [Fact]
    public void Merge_OfTwoPartialAggregators_EqualsOneOverAllPeople()
    {
        var people = People();
        var whole = Aggregate(people);
        var first = Aggregate(people.Take(2));
        var rest = Aggregate(people.Skip(2));

        first.Merge(rest);

        Assert.Equal(JsonSerializer.Serialize(whole.Build()), JsonSerializer.Serialize(first.Build()));
        Assert.Equal(JsonSerializer.Serialize(whole.ByChannel), JsonSerializer.Serialize(first.ByChannel));
        Assert.Equal(JsonSerializer.Serialize(whole.ByCohort), JsonSerializer.Serialize(first.ByCohort));
    }

    [Fact]
    public void Median_WithEmptyHistogram_IsNull()
    {
        Assert.Null(FunnelCounts.Median([]));
    }

    [Theory]
    [InlineData(new[] { 7 }, 7.0)]
    [InlineData(new[] { 1, 3, 10 }, 3.0)]
    [InlineData(new[] { 1, 1, 5 }, 1.0)]
    [InlineData(new[] { 1, 5, 5 }, 5.0)]
    [InlineData(new[] { 1, 3 }, 2.0)]
    [InlineData(new[] { 0, 2, 2, 10 }, 2.0)]
    [InlineData(new[] { 1, 2, 3, 100 }, 2.5)]
    [InlineData(new[] { 4, 4, 9, 9 }, 6.5)]
    [InlineData(new[] { 0, 0, 0, 1, 1, 1 }, 0.5)]
    public void Median_WithHistogram_IsMiddleValueOrMeanOfMiddlePair(int[] values, double expected)
    {
        Assert.Equal(expected, FunnelCounts.Median(Histogram(values)));
    }

    [Fact]
    public void Median_WithLargeCounts_UsesPeopleNotDistinctDays()
    {
        // 10 people at 1 day and 1 person at 100 days: the median is 1, not the middle of the two buckets.
        Assert.Equal(1.0, FunnelCounts.Median(new SortedDictionary<int, int> { [1] = 10, [100] = 1 }));
    }
}
