using System.Text.Json;
using Azure.Storage.Queues;
using LifecycleFunctions.App.Cli;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Replay;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Cli;

/// <summary>
/// How a replay holds poison messages, against a real Azurite: each one invisible only while it is in hand.
/// The class has an Azurite of its own, and each test a poison queue of its own source.
/// </summary>
public sealed class ReplayPoisonQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RunAsync_WithPlannedPoisonMessages_HidesNoneButTheOneInHandAndDeletesEachOnceSent()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.PurchaseEventsQueue, 3);
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();

        var prepared = await replayer.PrepareAsync(new HashSet<string> { StorageNames.PurchaseEventsQueue }, null, CancellationToken.None);

        Assert.Equal(3, prepared.Plan.Items.Count);
        Assert.Equal(3, Visible(poison));
        var visibleAfterEach = new List<int>();
        var done = await replayer.RunAsync(prepared, new SynchronousProgress<int>(_ => visibleAfterEach.Add(Visible(poison))), CancellationToken.None);

        Assert.All(done, d => Assert.Equal(ReplayOutcome.Resent, d.Outcome));
        Assert.Equal([2, 1, 0], visibleAfterEach);
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(3, (await Storage.Queue(StorageNames.PurchaseEventsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task RunAsync_WithStageChangesTheRelayGaveUpOn_SendsThemBackToStageChangesAsTheyWere()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.StageChangesQueue, 2);
        var bodies = poison.PeekMessages(32).Value.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal).ToList();
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();

        var prepared = await replayer.PrepareAsync(new HashSet<string> { StorageNames.StageChangesQueue }, null, CancellationToken.None);
        var done = await replayer.RunAsync(prepared, new SynchronousProgress<int>(_ => { }), CancellationToken.None);

        Assert.Equal(2, done.Count(d => d.Outcome == ReplayOutcome.Resent));
        Assert.Equal(0, Visible(poison));
        Assert.Equal(bodies, Storage.Queue(StorageNames.StageChangesQueue).PeekMessages(32).Value.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WithPoisonMessageReceivedByAnotherReplayMeanwhile_LeavesItToThemAndSendsTheRest()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.AdEventsQueue, 2);
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();
        var prepared = await replayer.PrepareAsync(new HashSet<string> { StorageNames.AdEventsQueue }, null, CancellationToken.None);

        var theirs = Assert.Single((await poison.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value);
        var done = await replayer.RunAsync(prepared, new SynchronousProgress<int>(_ => { }), CancellationToken.None);

        Assert.Equal(ReplayOutcome.TakenElsewhere, Assert.Single(done, d => d.Item.Poisoned!.MessageId == theirs.MessageId).Outcome);
        Assert.Equal(ReplayOutcome.Resent, Assert.Single(done, d => d.Item.Poisoned!.MessageId != theirs.MessageId).Outcome);
        Assert.Equal(1, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(1, (await Storage.Queue(StorageNames.AdEventsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task PrepareAsync_WithReceiveFailingAfterTheFirst_ReleasesWhatItReceivedBeforeTheFailureSurfaces()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.WebsiteEventsQueue, 2);
        var failing = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString }, new FailingPoisonReceive(receivesBeforeFailure: 1));
        var replayer = ActivatorUtilities.CreateInstance<FailedInputReplayer>(app.Services, new PoisonQueues(failing));

        await Assert.ThrowsAsync<StorageOutageException>(() => replayer.PrepareAsync(new HashSet<string> { StorageNames.WebsiteEventsQueue }, null, CancellationToken.None));

        Assert.Equal(2, Visible(poison));
    }

    [Fact]
    public async Task RunAsync_WithTheRecordSentWhileALeaseHidItsMessage_RemovesTheMessageWhenItComesBackWithoutSendingItTwice()
    {
        await using var app = await BuildAsync();
        var source = Storage.Queue(StorageNames.AdEventsQueue);
        await source.CreateIfNotExistsAsync();
        await source.ClearMessagesAsync();
        var poison = Storage.Queue(StorageNames.PoisonQueue(StorageNames.AdEventsQueue));
        await poison.CreateIfNotExistsAsync();
        await poison.ClearMessagesAsync();
        var campaign = SegmentClient.NewId("hidden");
        var body = JsonSerializer.Serialize(new { type = "click", channel = "meta", campaign, cost = 1 });
        var original = SegmentClient.NewId("q");
        await poison.SendMessageAsync(body);
        var failures = app.Services.GetRequiredService<FailedEventStore>();
        await failures.RecordAsync(StorageNames.AdEventsQueue, original, body, "Poisoned: CaptureAdEvent failed on each of 5 attempts", 5, CancellationToken.None);
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();

        // A replay killed after its send holds the message under its lease: the next one sees the record alone.
        var hidden = Assert.Single((await poison.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(2))).Value);
        var first = await replayer.RunAsync(await replayer.PrepareAsync(new HashSet<string> { StorageNames.AdEventsQueue }, null, CancellationToken.None), new SynchronousProgress<int>(_ => { }), CancellationToken.None);

        Assert.Equal(ReplayOutcome.Resent, Assert.Single(first).Outcome);
        var sent = Assert.Single((await source.PeekMessagesAsync(32)).Value);
        Assert.Contains($"\"messageId\":\"ad-{original}\"", sent.Body.ToString());
        var marked = Assert.Single(await failures.ListAsync(StorageNames.AdEventsQueue, CancellationToken.None), f => f.MessageId == original);
        Assert.NotNull(marked.ReplayedAt);

        // The lease ends; the message is back beside its marked record.
        await poison.UpdateMessageAsync(hidden.MessageId, hidden.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        var second = await replayer.RunAsync(await replayer.PrepareAsync(new HashSet<string> { StorageNames.AdEventsQueue }, null, CancellationToken.None), new SynchronousProgress<int>(_ => { }), CancellationToken.None);

        Assert.Equal(ReplayOutcome.RemovedAsSent, Assert.Single(second).Outcome);
        Assert.Single((await source.PeekMessagesAsync(32)).Value);
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
        Assert.DoesNotContain(await failures.ListAsync(StorageNames.AdEventsQueue, CancellationToken.None), f => f.MessageId == original);
    }

    [Fact]
    public async Task RunAsync_WithARecordMarkedAsSentLongerAgoThanAnyLease_RemovesItAndSendsNothing()
    {
        await using var app = await BuildAsync();
        var source = Storage.Queue(StorageNames.PurchaseEventsQueue);
        await source.CreateIfNotExistsAsync();
        var before = (await source.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var id = SegmentClient.NewId("spent");
        await Storage.Table(StorageNames.FailedEventsTable).UpsertEntityAsync(new Azure.Data.Tables.TableEntity(StorageNames.PurchaseEventsQueue, id)
        {
            ["MessageId"] = id,
            ["Reason"] = "Poisoned: CapturePurchaseEvent failed on each of 5 attempts",
            ["RawBody"] = "{}",
            ["FailedAt"] = DateTimeOffset.UtcNow.AddHours(-1),
            ["ReplayedAt"] = DateTimeOffset.UtcNow - Domain.Replay.ReplayPlanner.ReplayedRecordKeep - TimeSpan.FromMinutes(1),
        });
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();

        var prepared = await replayer.PrepareAsync(new HashSet<string> { StorageNames.PurchaseEventsQueue }, null, CancellationToken.None);
        Assert.DoesNotContain(prepared.Plan.Items, i => i.Record?.Id == id);
        await replayer.RunAsync(prepared, new SynchronousProgress<int>(_ => { }), CancellationToken.None);

        Assert.DoesNotContain(await app.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.PurchaseEventsQueue, CancellationToken.None), f => f.MessageId == id);
        Assert.Equal(before, (await source.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public void ReplayedRecordKeep_IsLongerThanEveryLeaseAReplayHolds()
    {
        Assert.True(Domain.Replay.ReplayPlanner.ReplayedRecordKeep > FailedInputReplayer.PoisonLease + FailedInputReplayer.SendLease);
    }

    private StorageClients Storage => new(azurite.ConnectionString);

    /// <summary>The app as `lifecycle replay-failed` builds it (system time, not started), against this class's Azurite.</summary>
    private async Task<WebApplication> BuildAsync()
    {
        await Storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        return LifecycleHost.Build([$"--Storage:ConnectionString={azurite.ConnectionString}", "--Logging:LogLevel:Default=Warning"]);
    }

    private async Task<QueueClient> PoisonQueueWithAsync(string queue, int count)
    {
        await Storage.Queue(queue).CreateIfNotExistsAsync();
        var poison = Storage.Queue(StorageNames.PoisonQueue(queue));
        await poison.CreateIfNotExistsAsync();
        for (var i = 0; i < count; i++)
        {
            await poison.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId = SegmentClient.NewId("poisoned"), userId = "u-lease", amount = 1 }));
        }

        return poison;
    }

    private static int Visible(QueueClient queue) => queue.PeekMessages(32).Value.Length;
}
