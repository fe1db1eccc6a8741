using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public class StageTimelineTests
{
    private static readonly StageTimeline Timeline = new(new StageClassifier(new LifecycleOptions()));

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>
    /// Seen, identified, two orders, lapsed, reactivated by a third order, loyal with the fourth, an advocate
    /// after a review, lapsed again, reactivated straight into Advocacy (the review is still within a year),
    /// lapsed for good.
    /// </summary>
    private static PersonState FullHistory() => Fold(
        Page(At(2024, 1, 1)),
        Identify(At(2024, 1, 5)),
        Order(At(2024, 1, 10), "o-1", 30m),
        Order(At(2024, 2, 1), "o-2", 20m),
        Order(At(2024, 6, 1), "o-3", 25m),
        Order(At(2024, 6, 15), "o-4", 15m),
        Track(At(2024, 7, 1), "Product Reviewed"),
        Order(At(2025, 3, 1), "o-5", 40m));

    [Fact]
    public void Build_WithFullHistory_GivesEverySpellWithExactDates()
    {
        var spells = Timeline.Build(FullHistory(), D(2025, 12, 31));

        StageSpell[] expected =
        [
            new(LifecycleStage.Reach, D(2024, 1, 1), D(2024, 1, 5), null, false),
            new(LifecycleStage.Acquisition, D(2024, 1, 5), D(2024, 1, 10), LifecycleStage.Reach, false),
            new(LifecycleStage.Conversion, D(2024, 1, 10), D(2024, 2, 1), LifecycleStage.Acquisition, false),
            new(LifecycleStage.Retention, D(2024, 2, 1), D(2024, 5, 2), LifecycleStage.Conversion, false),

            // Last order 2024-02-01 + 91 days.
            new(LifecycleStage.Lapsed, D(2024, 5, 2), D(2024, 6, 1), LifecycleStage.Retention, false),
            new(LifecycleStage.Retention, D(2024, 6, 1), D(2024, 6, 15), LifecycleStage.Lapsed, true),
            new(LifecycleStage.Loyalty, D(2024, 6, 15), D(2024, 7, 1), LifecycleStage.Retention, false),
            new(LifecycleStage.Advocacy, D(2024, 7, 1), D(2024, 9, 14), LifecycleStage.Loyalty, false),

            // Last order 2024-06-15 + 91 days.
            new(LifecycleStage.Lapsed, D(2024, 9, 14), D(2025, 3, 1), LifecycleStage.Advocacy, false),
            new(LifecycleStage.Advocacy, D(2025, 3, 1), D(2025, 5, 31), LifecycleStage.Lapsed, true),
            new(LifecycleStage.Lapsed, D(2025, 5, 31), null, LifecycleStage.Advocacy, false),
        ];
        Assert.Equal(expected, spells);
    }

    [Fact]
    public void Build_WithFullHistory_ExitOfEachSpellIsEntryOfNext()
    {
        var spells = Timeline.Build(FullHistory(), D(2025, 12, 31));

        Assert.True(spells.Count > 2);
        for (var i = 0; i < spells.Count - 1; i++)
        {
            Assert.Equal(spells[i].Exited, spells[i + 1].Entered);
            Assert.Equal(spells[i].Stage, spells[i + 1].Previous);
            Assert.NotEqual(spells[i].Stage, spells[i + 1].Stage);
        }

        Assert.Null(spells[^1].Exited);
    }

    [Fact]
    public void DaysInStage_WithFullHistory_CountsDaysToExitOrAsOf()
    {
        var asOf = D(2025, 12, 31);

        var days = Timeline.Build(FullHistory(), asOf).Select(s => s.DaysInStage(asOf));

        Assert.Equal([4, 5, 22, 91, 30, 14, 16, 75, 168, 91, 214], days);
    }

    [Fact]
    public void DaysInStage_WithOpenSpell_CountsToAsOf()
    {
        var spell = new StageSpell(LifecycleStage.Retention, D(2024, 2, 1), null, LifecycleStage.Conversion, false);

        Assert.Equal(0, spell.DaysInStage(D(2024, 2, 1)));
        Assert.Equal(29, spell.DaysInStage(D(2024, 3, 1)));
    }

    [Fact]
    public void Build_WithEveryDayOfFullHistory_AgreesWithClassifier()
    {
        var person = FullHistory();
        var classifier = new StageClassifier(new LifecycleOptions());
        var asOf = D(2025, 12, 31);
        var spells = Timeline.Build(person, asOf);

        for (var day = D(2023, 12, 25); day <= asOf; day = day.AddDays(1))
        {
            var spell = spells.SingleOrDefault(s => s.Entered <= day && (s.Exited is null || day < s.Exited));
            Assert.True(classifier.Classify(person, day) == spell?.Stage, $"{day:yyyy-MM-dd}: classifier {classifier.Classify(person, day)}, timeline {spell?.Stage}");
        }
    }

    [Fact]
    public void Build_AsOfEarlierDay_StopsThere()
    {
        var spells = Timeline.Build(FullHistory(), D(2024, 5, 1));

        Assert.Equal(
            [LifecycleStage.Reach, LifecycleStage.Acquisition, LifecycleStage.Conversion, LifecycleStage.Retention],
            spells.Select(s => s.Stage));
        Assert.Null(spells[^1].Exited);
        Assert.Equal(90, spells[^1].DaysInStage(D(2024, 5, 1)));
    }

    [Fact]
    public void Build_AsOfLapseDay_EndsLapsed()
    {
        var spells = Timeline.Build(FullHistory(), D(2024, 5, 2));

        Assert.Equal(new StageSpell(LifecycleStage.Lapsed, D(2024, 5, 2), null, LifecycleStage.Retention, false), spells[^1]);
    }

    [Fact]
    public void Build_BeforeFirstSeen_IsEmpty()
    {
        Assert.Empty(Timeline.Build(FullHistory(), D(2023, 12, 31)));
    }

    [Fact]
    public void Build_WithOrdersOnly_StartsInConversion()
    {
        var spells = Timeline.Build(Fold(Order(At(2024, 3, 5), "o-1", 10m), Order(At(2024, 3, 20), "o-2", 10m)), D(2024, 4, 1));

        StageSpell[] expected =
        [
            new(LifecycleStage.Conversion, D(2024, 3, 5), D(2024, 3, 20), null, false),
            new(LifecycleStage.Retention, D(2024, 3, 20), null, LifecycleStage.Conversion, false),
        ];
        Assert.Equal(expected, spells);
    }

    [Fact]
    public void Build_WithAReviewThenManyReviewsTwoYearsLater_KeepsTheFirstAdvocacySpell()
    {
        var later = Enumerable.Range(1, 20).Select(d => Track(At(2025, 9, d), "Product Reviewed"));
        var person = Fold([Order(At(2023, 1, 1), "o-1", 10m), Order(At(2023, 1, 2), "o-2", 10m), Track(At(2023, 1, 3), "Product Reviewed"), .. later]);

        var spells = Timeline.Build(person, D(2025, 10, 1));

        Assert.Contains(spells, s => s.Stage == LifecycleStage.Advocacy && s.Entered == D(2023, 1, 3));
    }

    [Fact]
    public void Build_WithAdvocacySignalRunningOut_FallsBackToLoyaltyOnExpiryDay()
    {
        var person = Fold(
            Order(At(2024, 1, 10), "o-1", 1m),
            Order(At(2024, 2, 10), "o-2", 1m),
            Track(At(2024, 2, 20), "Referral Sent"),
            Order(At(2024, 4, 10), "o-3", 1m),
            Order(At(2024, 6, 10), "o-4", 1m),
            Order(At(2024, 8, 10), "o-5", 1m),
            Order(At(2024, 10, 10), "o-6", 1m),
            Order(At(2024, 12, 10), "o-7", 1m),
            Order(At(2025, 2, 10), "o-8", 1m));

        var spells = Timeline.Build(person, D(2025, 3, 31));

        StageSpell[] expected =
        [
            new(LifecycleStage.Conversion, D(2024, 1, 10), D(2024, 2, 10), null, false),
            new(LifecycleStage.Retention, D(2024, 2, 10), D(2024, 2, 20), LifecycleStage.Conversion, false),

            // The referral is 365 days old on 2025-02-19 (2024 is a leap year), so it no longer counts.
            new(LifecycleStage.Advocacy, D(2024, 2, 20), D(2025, 2, 19), LifecycleStage.Retention, false),
            new(LifecycleStage.Loyalty, D(2025, 2, 19), null, LifecycleStage.Advocacy, false),
        ];
        Assert.Equal(expected, spells);
    }

    [Fact]
    public void Build_WithSecondOrderRefundedTwoDaysLater_IsRetainedUntilTheRefundThenLapsesFromTheFirst()
    {
        var person = Fold(Order(At(2024, 1, 10), "o-1", 10m), Order(At(2024, 2, 1), "o-2", 10m), Refund(At(2024, 2, 3), "o-2"));

        var spells = Timeline.Build(person, D(2024, 12, 31));

        StageSpell[] expected =
        [
            new(LifecycleStage.Conversion, D(2024, 1, 10), D(2024, 2, 1), null, false),
            new(LifecycleStage.Retention, D(2024, 2, 1), D(2024, 2, 3), LifecycleStage.Conversion, false),
            new(LifecycleStage.Conversion, D(2024, 2, 3), D(2024, 4, 10), LifecycleStage.Retention, false),
            new(LifecycleStage.Lapsed, D(2024, 4, 10), null, LifecycleStage.Conversion, false),
        ];
        Assert.Equal(expected, spells);
    }

    [Fact]
    public void Build_WithCustomLapseWindow_LapsesOnLastOrderPlusWindowPlusOne()
    {
        var timeline = new StageTimeline(new StageClassifier(new LifecycleOptions { LapseWindowDays = 30 }));

        var spells = timeline.Build(Fold(Order(At(2024, 1, 10), "o-1", 10m)), D(2024, 12, 31));

        Assert.Equal(D(2024, 2, 10), Assert.Single(spells, s => s.Stage == LifecycleStage.Lapsed).Entered);
    }
}
