using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Replay;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleFunctions.Engine.Tests.Replay;

public class FailedInputReplayerTests
{
    private const string Poisoned = "Poisoned: PublishStageChanges failed on each of 5 attempts";
    private const string Change = """{"personId":"p-1","from":"new","to":"active"}""";

    private static readonly DateTimeOffset FailedAt = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFailedInputStore _failures = new();
    private readonly InMemoryPoisonQueues _poison = new();
    private readonly RecordingQueueSender _sender = new();
    private readonly ScriptedWebsiteRecapture _website = new();

    [Fact]
    public async Task RunAsync_WithPoisonedRecordWhoseMessageIsHidden_SendsItOnceAndMarksTheRecordForTheNextReplay()
    {
        _failures.Record(new FailedInput(FixedReplaySources.StageChanges, "m-1", Poisoned, Change, FailedAt));

        var first = await ReplayAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await ReplayAsync();

        Assert.Equal(ReplayOutcome.Resent, Assert.Single(first).Outcome);
        Assert.Empty(second);
        Assert.Equal([(FixedReplaySources.StageChanges, Change)], _sender.Sent);
        Assert.Equal(FailedAt.AddHours(1), Assert.Single(_failures.Records).ReplayedAt);
    }

    [Fact]
    public async Task RunAsync_WithTheMarkedRecordsPoisonMessageBack_RemovesBothAndSendsNothing()
    {
        _failures.Record(new FailedInput(FixedReplaySources.StageChanges, "m-1", Poisoned, Change, FailedAt, ReplayedAt: FailedAt.AddMinutes(50)));
        _poison.Add(FixedReplaySources.StageChanges, "p-1", Change, FailedAt);

        var done = await ReplayAsync();

        Assert.Equal(ReplayOutcome.RemovedAsSent, Assert.Single(done).Outcome);
        Assert.Empty(_sender.Sent);
        Assert.Empty(_failures.Records);
        Assert.Empty(_poison.Messages(FixedReplaySources.StageChanges));
    }

    [Fact]
    public async Task PrepareAsync_WithARecordThatIsNotUtf8_ListsItAsLeftAloneAndTheRunLeavesItStored()
    {
        var notText = new FailedInput(FixedReplaySources.AdEvents, "m-2", "utf-8: the body is not UTF-8 text.", string.Empty, FailedAt)
        {
            NotText = true,
        };
        _failures.Record(notText);

        var replayer = Replayer();
        var prepared = await replayer.PrepareAsync(new HashSet<string>(), null, CancellationToken.None);
        var done = await replayer.RunAsync(prepared, new Progress<int>(), CancellationToken.None);

        Assert.Empty(prepared.Plan.Items);
        var skipped = Assert.Single(prepared.Plan.Skipped);
        Assert.Equal(("m-2", ReplayPlanner.NotUtf8Reason), (skipped.Record?.Id, skipped.Why));
        Assert.Empty(done);
        Assert.Empty(_sender.Sent);
        Assert.Same(notText, Assert.Single(_failures.Records));
    }

    [Fact]
    public async Task RunAsync_WithTheRecordWrittenAgainAfterPlanning_ResendsItAndKeepsTheNewRecord()
    {
        _failures.Record(new FailedInput(FixedReplaySources.StageChanges, "m-3", "to [one-of]: 'to' is not a stage.", Change, FailedAt));
        var replayer = Replayer();
        var prepared = await replayer.PrepareAsync(new HashSet<string>(), null, CancellationToken.None);

        var again = new FailedInput(FixedReplaySources.StageChanges, "m-3", "from [one-of]: 'from' is not a stage.", Change, FailedAt.AddMinutes(59));
        _failures.Record(again);
        var done = await replayer.RunAsync(prepared, new Progress<int>(), CancellationToken.None);

        Assert.Equal(ReplayOutcome.ResentRecordChanged, Assert.Single(done).Outcome);
        Assert.Single(_sender.Sent);
        Assert.Same(again, Assert.Single(_failures.Records));
    }

    [Fact]
    public async Task RunAsync_WithAWebsiteEventRefusedAgain_ReportsTheNewReasonAndKeepsItsRecord()
    {
        var item = """{"type":"track","event":"Signed Up","userId":"u-1","messageId":"w-1"}""";
        _failures.Record(new FailedInput(FixedReplaySources.RejectedBatchItems, "w-1", "timestamp [format]: not a time.", item, FailedAt));
        _website.Refusal = "event [required]: 'event' is required.";

        var done = Assert.Single(await ReplayAsync());

        Assert.Equal((ReplayOutcome.RejectedAgain, _website.Refusal), (done.Outcome, done.NewReason));
        Assert.Single(_website.Captured);
        Assert.Empty(_sender.Sent);
        Assert.Single(_failures.Records);
    }

    private async Task<IReadOnlyList<ReplayedItem>> ReplayAsync()
    {
        var replayer = Replayer();
        var prepared = await replayer.PrepareAsync(new HashSet<string>(), null, CancellationToken.None);
        return await replayer.RunAsync(prepared, new Progress<int>(), CancellationToken.None);
    }

    private FailedInputReplayer Replayer() =>
        new(new FixedReplaySources(), _failures, _poison, _sender, _website, _time, NullLogger<FailedInputReplayer>.Instance);
}
