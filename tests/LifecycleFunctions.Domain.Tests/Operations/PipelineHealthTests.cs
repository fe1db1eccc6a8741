using LifecycleFunctions.Domain.Operations;

namespace LifecycleFunctions.Domain.Tests.Operations;

public class PipelineHealthTests
{
    // The nightly run of 2026-12-03 02:00 classifies as of the day before.
    private static readonly DateTimeOffset Scheduled = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly ItsDay = new(2026, 12, 2);

    private static PipelineSnapshot Snapshot(DateOnly? lastAsOf = null, bool running = false, DateOnly? workbook = null, int poisoned = 0, int failed = 0) => new(
        [new QueueDepth("website-events", 3, 0), new QueueDepth("ad-events", 0, poisoned)],
        failed > 0 ? new Dictionary<string, int> { ["v1-batch"] = failed } : new Dictionary<string, int>(),
        lastAsOf,
        lastAsOf is { } day ? new DateTimeOffset(day.AddDays(1), new TimeOnly(2, 4), TimeSpan.Zero) : null,
        lastAsOf is null ? null : Scheduled.AddMinutes(-5),
        running,
        workbook ?? lastAsOf);

    [Fact]
    public void Assess_WithStoredEventsTheRecomputeLeftOut_RaisesThemUnlikeSendersBadInput()
    {
        var snapshot = Snapshot(ItsDay, failed: 12) with
        {
            FailedEvents = new Dictionary<string, int> { ["v1-batch"] = 12, [PipelineHealth.UnfileableSource] = 3 },
        };

        var concern = Assert.Single(PipelineHealth.Assess(snapshot, Scheduled));

        Assert.Equal(PipelineHealth.UnfileableEvents, concern.Check);
        Assert.StartsWith("3 stored event(s) left out of every recompute", concern.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_WithTheScheduledRunsDayClassifiedAndNothingPoisoned_FindsNothing()
    {
        Assert.Empty(PipelineHealth.Assess(Snapshot(ItsDay, failed: 12), Scheduled));
    }

    [Fact]
    public void Assess_WithNoRunCompleted_SaysHowToStartOne()
    {
        var concern = Assert.Single(PipelineHealth.Assess(Snapshot(), Scheduled));

        Assert.Equal(PipelineHealth.NoRecompute, concern.Check);
        Assert.Contains("lifecycle recompute", concern.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_WithTheFirstRunInProgress_FindsNothing()
    {
        Assert.Empty(PipelineHealth.Assess(Snapshot(running: true), Scheduled));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    public void Assess_WithLastAsOfAroundTheScheduledRunsDay_SaysOverdueOnlyBeforeIt(int daysFromItsDay, bool overdue)
    {
        var concerns = PipelineHealth.Assess(Snapshot(ItsDay.AddDays(daysFromItsDay)), Scheduled);

        Assert.Equal(overdue, concerns.Any(c => c.Check == PipelineHealth.RecomputeOverdue));
        if (overdue)
        {
            Assert.Contains("scheduled for 2026-12-03 02:00 UTC", Assert.Single(concerns).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Assess_WithAMissedNightButARunInProgress_FindsNothing()
    {
        Assert.Empty(PipelineHealth.Assess(Snapshot(ItsDay.AddDays(-3), running: true), Scheduled));
    }

    [Fact]
    public void Assess_WithoutASchedule_NeverSaysOverdue()
    {
        Assert.Empty(PipelineHealth.Assess(Snapshot(ItsDay.AddDays(-30)), lastScheduled: null));
    }

    [Fact]
    public void Assess_WithPoisonMessages_NamesTheQueueAndTheReplay()
    {
        var concern = Assert.Single(PipelineHealth.Assess(Snapshot(ItsDay, poisoned: 2), Scheduled));

        Assert.Equal(PipelineHealth.PoisonMessages, concern.Check);
        Assert.StartsWith("2 message(s) in ad-events-poison", concern.Detail, StringComparison.Ordinal);
        Assert.Contains("lifecycle replay-failed --source ad-events", concern.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_WithTheWorkbookOlderThanTheLastRun_SaysPublishingFailed()
    {
        var concern = Assert.Single(PipelineHealth.Assess(Snapshot(ItsDay, workbook: ItsDay.AddDays(-1)), Scheduled));

        Assert.Equal(PipelineHealth.WorkbookBehind, concern.Check);
        Assert.StartsWith("The pre-built workbook is as of 2026-12-01 while the last recompute classified as of 2026-12-02", concern.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_WithNoWorkbookAfterARun_SaysItIsMissing()
    {
        var concern = Assert.Single(PipelineHealth.Assess(Snapshot(ItsDay) with { LatestWorkbook = null }, Scheduled));

        Assert.StartsWith("The pre-built workbook is missing while", concern.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedAsOf_ForANightlyRun_IsTheDayBefore()
    {
        Assert.Equal(ItsDay, PipelineHealth.ExpectedAsOf(Scheduled));
    }
}
