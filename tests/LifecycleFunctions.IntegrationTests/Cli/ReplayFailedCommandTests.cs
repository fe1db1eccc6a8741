using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Cli;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.IntegrationTests.Capture;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleFunctions.IntegrationTests.Cli;

/// <summary>
/// `lifecycle replay-failed` as an operator types it, against a real Azurite, with the real app capturing what
/// it sends. The class has an Azurite of its own and its tests run one after another, so the table and poison
/// queues hold only what they put there (and what earlier tests left, which each assertion tells apart).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReplayFailedCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private string StorageArg => $"--Storage:ConnectionString={azurite.ConnectionString}";

    [Fact]
    public async Task ReplayFailed_WithPoisonedPurchase_PutsItBackOnItsQueueAndItIsCaptured()
    {
        var orderId = SegmentClient.NewId("poisoned");
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-replay", amount = 42.5 });
        await using (var broken = await StartWithFailingStoreAsync())
        {
            await broken.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(body);
            await WaitUntilAsync(async () => (await PoisonBodiesAsync(StorageNames.PurchaseEventsQueue)).Contains(body), "the message to be poisoned");
            await WaitUntilAsync(async () => (await FailuresAsync(StorageNames.PurchaseEventsQueue)).Any(f => f.RawBody == body), "the poisoned message's record");
        }

        Assert.Equal(0, await Program.Main(["replay-failed", "--source", StorageNames.PurchaseEventsQueue, StorageArg]));

        Assert.DoesNotContain(body, await PoisonBodiesAsync(StorageNames.PurchaseEventsQueue));
        Assert.DoesNotContain(await FailuresAsync(StorageNames.PurchaseEventsQueue), f => f.RawBody == body);
        await using var app = await TestApp.StartAsync(azurite.ConnectionString);
        var stored = Assert.Single(await StoredEvents.WaitForAsync(app.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("42.5", stored.GetString("Amount"));
    }

    [Fact]
    public async Task ReplayFailed_WithRejectedWebsiteItems_CapturesTheOneWhoseCauseIsGoneAndRecordsTheOtherAgain()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString);

        // Refused by an earlier version (a bug since fixed): valid now, and without a messageId of its own.
        var fixedRaw = JsonSerializer.Serialize(new { type = "track", userId = SegmentClient.NewId("fixed"), @event = "Signed Up", timestamp = "2026-11-20T08:30:00Z" });
        var fixedId = ContentId.Of("item-", fixedRaw);
        await app.Services.GetRequiredService<FailedEventStore>().RecordAsync(SegmentCollector.RejectedBatchItems, fixedId, fixedRaw, "batch[1] event [max-length]: an earlier version's limit.", 1, CancellationToken.None);

        // Refused now, and still invalid at the replay.
        var stillBadId = SegmentClient.NewId("still-bad");
        var response = await app.Http.PostAsync("/v1/batch", new { batch = new object[] { new { type = "track", userId = "u-ok", @event = "Page Seen" }, new { type = "track", userId = "u-bad", messageId = stillBadId } } });
        response.EnsureSuccessStatusCode();
        var before = Assert.Single(await RowsAsync(), r => r.Event.MessageId == stillBadId);

        Assert.Equal(0, await Program.Main(["replay-failed", "--source", SegmentCollector.RejectedBatchItems, StorageArg]));

        var stored = Assert.Single(await StoredEvents.WaitForAsync(app.Storage, StoredEvents.ByMessageId(fixedId)));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), stored.GetDateTimeOffset("OccurredAt"));
        var failures = await FailuresAsync(SegmentCollector.RejectedBatchItems);
        Assert.DoesNotContain(failures, f => f.MessageId == fixedId);
        var after = Assert.Single(await RowsAsync(), r => r.Event.MessageId == stillBadId);
        Assert.StartsWith("batch[0] event [required]", after.Event.Reason, StringComparison.Ordinal);
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Empty(await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, StoredEvents.ByMessageId(stillBadId)));
    }

    [Fact]
    public async Task ReplayFailed_WithDryRun_ChangesNothing()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        var failures = new FailedEventStore(storage, TimeProvider.System);
        await storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId = SegmentClient.NewId("dry"), userId = "u-dry", amount = 5 });
        var poison = storage.Queue(StorageNames.PoisonQueue(StorageNames.PurchaseEventsQueue));
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(body);
        await failures.RecordAsync(StorageNames.PurchaseEventsQueue, SegmentClient.NewId("msg"), body, "Poisoned: CapturePurchaseEvent failed on each of 5 attempts; last: RequestFailedException: Server busy", 5, CancellationToken.None);
        var raw = JsonSerializer.Serialize(new { type = "track", userId = "u-dry", @event = "Signed Up", messageId = SegmentClient.NewId("dry-item") });
        await failures.RecordAsync(SegmentCollector.RejectedBatchItems, SegmentClient.NewId("dry-item"), raw, "batch[0] event [max-length]: too long.", 1, CancellationToken.None);
        var rowsBefore = Snapshot(await failures.ListAllAsync(CancellationToken.None));
        var poisonBefore = await PoisonBodiesAsync(StorageNames.PurchaseEventsQueue);

        Assert.Equal(0, await Program.Main(["replay-failed", "--dry-run", StorageArg]));

        Assert.Equal(rowsBefore, Snapshot(await failures.ListAllAsync(CancellationToken.None)));
        Assert.Equal(poisonBefore, await PoisonBodiesAsync(StorageNames.PurchaseEventsQueue));
        Assert.Contains(body, poisonBefore);
        foreach (var queue in new[] { StorageNames.PurchaseEventsQueue, StorageNames.WebsiteEventsQueue, StorageNames.AdEventsQueue })
        {
            Assert.Equal(0, (await storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }
    }

    [Fact]
    public async Task ReplayFailed_RunAgainAfterACrashBeforeRemoval_CountsAdReportsWithoutIdsOnce()
    {
        // Two identical hourly reports without ids in one poisoned message: told apart, and identified, by the
        // original queue message's id, which a re-sent message does not have.
        var campaign = SegmentClient.NewId("replayed-campaign");
        var report = new { type = "impression", channel = "google-ads", campaign, count = 100, cost = 1.5 };
        var body = JsonSerializer.Serialize(new { batch = new[] { report, report } });
        var storage = new StorageClients(azurite.ConnectionString);
        var failures = new FailedEventStore(storage, TimeProvider.System);
        await storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        var poison = storage.Queue(StorageNames.PoisonQueue(StorageNames.AdEventsQueue));
        await poison.CreateIfNotExistsAsync();
        var originalId = SegmentClient.NewId("queue-message");

        async Task PoisonAsync()
        {
            await poison.SendMessageAsync(body);
            await failures.RecordAsync(StorageNames.AdEventsQueue, originalId, body, "Poisoned: CaptureAdEvent failed on each of 5 attempts; last: RequestFailedException: Server busy", 5, CancellationToken.None);
        }

        await PoisonAsync();
        Assert.Equal(0, await Program.Main(["replay-failed", "--source", StorageNames.AdEventsQueue, StorageArg]));
        Assert.DoesNotContain(body, await PoisonBodiesAsync(StorageNames.AdEventsQueue));

        // A replay that died after sending and before removing leaves the poison message and its record as they were.
        await PoisonAsync();
        Assert.Equal(0, await Program.Main(["replay-failed", "--source", StorageNames.AdEventsQueue, StorageArg]));
        Assert.Equal(0, await Program.Main(["replay-failed", "--source", StorageNames.AdEventsQueue, StorageArg]));

        await using var app = await TestApp.StartAsync(azurite.ConnectionString);
        await Waiting.ForQueuesToDrainAsync(app.Storage, StoredEvents.Patience, StorageNames.AdEventsQueue);
        var stored = await StoredEvents.WaitForAsync(app.Storage, TableClient.CreateQueryFilter($"Campaign eq {campaign}"), expected: 2);
        Assert.Equal(2, stored.Count);
        Assert.Equal(200, stored.Sum(e => e.GetInt32("Count") ?? 0));
    }

    [Fact]
    public async Task ReplayFailed_WithWebsiteEventsMessagePoisonedOverSixDaysAgo_ListsItAsTooOldAndLeavesMessageAndRecordInPlace()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        await storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        var poison = storage.Queue(StorageNames.PoisonQueue(StorageNames.WebsiteEventsQueue));
        await poison.CreateIfNotExistsAsync();
        var body = JsonSerializer.Serialize(new { events = new[] { new { messageId = SegmentClient.NewId("too-old") } } });
        await poison.SendMessageAsync(body);
        var sevenDaysAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-7));
        var id = SegmentClient.NewId("msg");
        await new FailedEventStore(storage, sevenDaysAgo).RecordAsync(StorageNames.WebsiteEventsQueue, id, body, "Poisoned: StoreWebsiteEvents failed on each of 5 attempts; last: RequestFailedException: Server busy", 5, CancellationToken.None);
        var rowBefore = Assert.Single(await RowsAsync(), r => r.Event.MessageId == id);

        var (dryRunExit, dryRun) = await CapturedCommand.RunAsync(["replay-failed", "--dry-run", "--source", StorageNames.WebsiteEventsQueue, StorageArg]);
        var (exit, replay) = await CapturedCommand.RunAsync(["replay-failed", "--source", StorageNames.WebsiteEventsQueue, StorageArg]);

        Assert.Equal(0, dryRunExit);
        Assert.Equal(0, exit);
        Assert.All(new[] { dryRun, replay }, output => Assert.Contains("Left alone: 1 input(s): too-old", output, StringComparison.Ordinal));
        Assert.Contains(body, await PoisonBodiesAsync(StorageNames.WebsiteEventsQueue));
        Assert.Equal(rowBefore.ETag, Assert.Single(await RowsAsync(), r => r.Event.MessageId == id).ETag);
        Assert.DoesNotContain(body, (await storage.Queue(StorageNames.WebsiteEventsQueue).PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task ReplayFailed_WhileAnotherReplayHoldsTheLock_ExitsWithThreeAndTouchesNothing()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString);
        var runs = app.Services.GetRequiredService<LifecycleFunctions.Storage.Lifecycle.LifecycleRunStore>();

        await using (var other = await runs.TryLockReplayAsync(CancellationToken.None))
        {
            Assert.NotNull(other);
            var (exit, output) = await CapturedCommand.RunAsync(["replay-failed", "--dry-run", StorageArg]);

            Assert.Equal(3, exit);
            Assert.Contains("Another replay-failed is running", output.ReplaceLineEndings(" "));
        }

        Assert.Equal(0, (await CapturedCommand.RunAsync(["replay-failed", "--dry-run", StorageArg])).Exit);
    }

    [Fact]
    public async Task ReplayFailed_WithOnlyARecordMarkedAsSentLongAgo_DryRunKeepsItAndTheReplayRemovesIt()
    {
        var id = SegmentClient.NewId("spent");
        await MarkedRecordAsync(id, "{}", DateTimeOffset.UtcNow - ReplayPlanner.ReplayedRecordKeep - TimeSpan.FromMinutes(1));

        var (dryRunExit, dryRun) = await CapturedCommand.RunAsync(["replay-failed", "--dry-run", "--source", StorageNames.AdEventsQueue, StorageArg]);
        Assert.Equal(0, dryRunExit);
        Assert.Contains("1 record(s) marked as sent over 20 minutes ago would be removed", Flat(dryRun), StringComparison.Ordinal);
        Assert.Contains(await RowsAsync(), r => r.Event.MessageId == id);

        var (exit, replay) = await CapturedCommand.RunAsync(["replay-failed", "--source", StorageNames.AdEventsQueue, StorageArg]);
        Assert.Equal(0, exit);
        Assert.Contains("Nothing to replay, 1 record(s) marked as sent over 20 minutes ago removed", Flat(replay), StringComparison.Ordinal);
        Assert.DoesNotContain(await RowsAsync(), r => r.Event.MessageId == id);
    }

    [Fact]
    public async Task ReplayFailed_WithPoisonMessageBackBesideItsRecordMarkedAsSent_DryRunCountsItApartAndTheReplayRemovesItUnsent()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        var target = storage.Queue(StorageNames.AdEventsQueue);
        await target.CreateIfNotExistsAsync();
        var poison = storage.Queue(StorageNames.PoisonQueue(StorageNames.AdEventsQueue));
        await poison.CreateIfNotExistsAsync();
        var body = JsonSerializer.Serialize(new { type = "click", channel = "meta", campaign = SegmentClient.NewId("sent-once"), cost = 1 });
        await poison.SendMessageAsync(body);
        var id = SegmentClient.NewId("msg");
        await MarkedRecordAsync(id, body, DateTimeOffset.UtcNow.AddMinutes(-5));
        var queuedBefore = (await target.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        var (dryRunExit, dryRun) = await CapturedCommand.RunAsync(["replay-failed", "--dry-run", "--source", StorageNames.AdEventsQueue, StorageArg]);
        Assert.Equal(0, dryRunExit);
        Assert.Contains("Dry run: 0 inputs would be replayed (0 from poison queues, 0 from failedevents), 1 poison message(s) would be removed unsent", Flat(dryRun), StringComparison.Ordinal);
        Assert.Contains(body, await PoisonBodiesAsync(StorageNames.AdEventsQueue));

        var (exit, replay) = await CapturedCommand.RunAsync(["replay-failed", "--source", StorageNames.AdEventsQueue, StorageArg]);
        Assert.Equal(0, exit);
        Assert.Contains("0 back on their queues", Flat(replay), StringComparison.Ordinal);
        Assert.Contains("1 poison message(s) removed unsent", Flat(replay), StringComparison.Ordinal);
        Assert.DoesNotContain(body, await PoisonBodiesAsync(StorageNames.AdEventsQueue));
        Assert.DoesNotContain(await RowsAsync(), r => r.Event.MessageId == id);
        Assert.Equal(queuedBefore, (await target.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Theory]
    [InlineData("--source", "orders")]
    [InlineData("--since", "last tuesday")]
    public async Task ReplayFailed_WithBadOption_ExitsWithTwoBeforeTouchingStorage(string option, string value)
    {
        Assert.Equal(2, await Program.Main(["replay-failed", option, value, "--Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:9/nowhere"]));
    }

    private Task<TestApp> StartWithFailingStoreAsync() => TestApp.StartAsync(
        azurite.ConnectionString,
        services =>
        {
            services.AddSingleton<TableEventStore>();
            services.AddSingleton<IEventStore>(sp => new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), int.MaxValue));
        },
        new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3" });

    private async Task<IReadOnlyList<FailedEvent>> FailuresAsync(string source) =>
        await new FailedEventStore(new StorageClients(azurite.ConnectionString), TimeProvider.System).ListAsync(source, CancellationToken.None);

    private async Task<IReadOnlyList<StoredFailedEvent>> RowsAsync() =>
        await new FailedEventStore(new StorageClients(azurite.ConnectionString), TimeProvider.System).ListAllAsync(CancellationToken.None);

    private async Task<List<string>> PoisonBodiesAsync(string queue)
    {
        var poison = new StorageClients(azurite.ConnectionString).Queue(StorageNames.PoisonQueue(queue));
        if (!(await poison.ExistsAsync()).Value)
        {
            return [];
        }

        return (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    private async Task MarkedRecordAsync(string id, string body, DateTimeOffset replayedAt)
    {
        var table = new StorageClients(azurite.ConnectionString).Table(StorageNames.FailedEventsTable);
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity(StorageNames.AdEventsQueue, id)
        {
            ["MessageId"] = id,
            ["Reason"] = "Poisoned: CaptureAdEvent failed on each of 5 attempts",
            ["RawBody"] = body,
            ["FailedAt"] = DateTimeOffset.UtcNow.AddHours(-1),
            ["ReplayedAt"] = replayedAt,
        });
    }

    /// <summary>The console's text with its wrapping undone.</summary>
    private static string Flat(string output) => System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");

    private static List<string> Snapshot(IReadOnlyList<StoredFailedEvent> rows) =>
        rows.Select(r => $"{r.Event.Queue}|{r.RowKey}|{r.ETag}|{r.Event.Reason}|{r.Event.RawBody}").Order(StringComparer.Ordinal).ToList();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
