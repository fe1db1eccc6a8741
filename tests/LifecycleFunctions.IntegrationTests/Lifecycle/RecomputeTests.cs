using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using LifecycleFunctions.Storage.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

[Collection(LifecycleCollection.Name)]
public sealed class RecomputeTests(LifecycleAppFixture fixture)
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Recompute_WithIdentifyAfterTheFact_MergesAnonymousHistoryIntoTheUser()
    {
        var anonymousId = SegmentClient.NewId("anon");
        var userId = SegmentClient.NewId("user");

        // Night 1: an anonymous visitor arrives from a newsletter.
        await PostAsync(new { type = "page", anonymousId, timestamp = "2026-10-01T09:00:00Z", context = new { campaign = new { source = "newsletter", medium = "email", name = "october" } } });
        await RecomputeAsync(new DateOnly(2026, 10, 1));
        Assert.Equal("Reach", (await MemberAsync("a:" + anonymousId))?.PartitionKey);

        // Night 2: the same browser signs in and buys; only now do we learn who it was.
        await PostAsync(new { type = "identify", anonymousId, userId, timestamp = "2026-10-03T10:00:00Z", traits = new { email = "late@example.com" } });
        await PostAsync(new { type = "track", userId, @event = "Order Completed", timestamp = "2026-10-05T10:05:00Z", properties = new { order_id = SegmentClient.NewId("o"), total = 30 } });
        await RecomputeAsync(new DateOnly(2026, 10, 6));

        var member = await MemberAsync("u:" + userId);
        Assert.Equal("Conversion", member?.PartitionKey);
        Assert.Equal("newsletter", member!.GetString("FirstTouchChannel"));
        Assert.Equal("late@example.com", member.GetString("Email"));
        Assert.Null(await MemberAsync("a:" + anonymousId));
        var anonymousRow = await App.Services.GetRequiredService<PersonStateStore>().GetAsync("a:" + anonymousId, CancellationToken.None);
        Assert.Equal("u:" + userId, anonymousRow?.MergedInto);
        var history = await StoredEvents.WhereAsync(App.Storage, StorageNames.StageHistoryTable, TableClient.CreateQueryFilter($"PersonKey eq {"u:" + userId}"));
        Assert.Equal(["Reach", "Acquisition", "Conversion"], history.OrderBy(h => h.RowKey).Select(h => h.GetString("Stage")));
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), history.OrderBy(h => h.RowKey).First().GetDateTimeOffset("Entered"));
    }

    [Fact]
    public async Task Recompute_WithAliasesAfterTheFact_MergesAnOldUserIdAndAnAnonymousVisitorThroughAChain()
    {
        var anonymousId = SegmentClient.NewId("anon");
        var oldUser = SegmentClient.NewId("old");
        var middle = SegmentClient.NewId("mid");
        var newUser = SegmentClient.NewId("new");

        // Night 1: a customer buys under an old user id; a visitor browses anonymously.
        await SendPurchaseAsync(oldUser, "2026-09-01T12:00:00Z");
        await PostAsync(new { type = "page", anonymousId, timestamp = "2026-09-02T09:00:00Z" });
        await RecomputeAsync(new DateOnly(2026, 9, 3));
        Assert.Equal("Conversion", (await MemberAsync("u:" + oldUser))?.PartitionKey);

        // Night 2: the account is renamed twice (old → middle → new) and the visitor turns out to be it.
        await PostAsync(new { type = "alias", previousId = oldUser, userId = middle, timestamp = "2026-09-04T10:00:00Z" });
        await PostAsync(new { type = "alias", previousId = middle, userId = newUser, timestamp = "2026-09-04T10:01:00Z" });
        await PostAsync(new { type = "alias", previousId = anonymousId, userId = newUser, timestamp = "2026-09-04T10:02:00Z" });
        await SendPurchaseAsync(newUser, "2026-09-05T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 9, 6));

        var member = await MemberAsync("u:" + newUser);
        Assert.Equal("Retention", member?.PartitionKey);
        Assert.Equal(2, member!.GetInt32("Orders"));
        Assert.Null(await MemberAsync("u:" + oldUser));
        Assert.Null(await MemberAsync("u:" + middle));
        Assert.Null(await MemberAsync("a:" + anonymousId));
        var persons = App.Services.GetRequiredService<PersonStateStore>();
        Assert.Equal("u:" + newUser, (await persons.GetAsync("a:" + anonymousId, CancellationToken.None))?.MergedInto);
        Assert.NotNull((await persons.GetAsync("u:" + oldUser, CancellationToken.None))?.MergedInto);
    }

    [Fact]
    public async Task Recompute_WithTimePassingAlone_MovesCustomerToLapsedAndPublishesTheChange()
    {
        var userId = SegmentClient.NewId("lapser");
        await SendPurchaseAsync(userId, "2026-03-01T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 5, 30));
        Assert.Equal("Conversion", (await MemberAsync("u:" + userId))?.PartitionKey);

        // No new event: 91 days after the order the customer has lapsed.
        await RecomputeAsync(new DateOnly(2026, 5, 31));

        var member = await MemberAsync("u:" + userId);
        Assert.Equal("Lapsed", member?.PartitionKey);
        Assert.Equal(new DateTimeOffset(2026, 5, 31, 0, 0, 0, TimeSpan.Zero), member!.GetDateTimeOffset("Entered"));
        var changes = await PeekStageChangesAsync("u:" + userId);
        Assert.Contains(changes, c => c.GetProperty("from").GetString() == "Conversion" && c.GetProperty("to").GetString() == "Lapsed" && c.GetProperty("at").GetString() == "2026-05-31");
    }

    [Fact]
    public async Task Recompute_WithARowAMergeLeftPending_WritesItAgainAndClearsTheMark()
    {
        var userId = SegmentClient.NewId("pending");
        await SendPurchaseAsync(userId, "2026-04-01T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 4, 2));

        // What a classify attempt that forwarded a later visit and then failed leaves behind: merged, not classified.
        // The visit changes neither the stage, the member row nor the history, only the state.
        var persons = App.Services.GetRequiredService<PersonStateStore>();
        var visit = new PersonState { Key = "a:" + userId };
        visit.Seen(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero));
        await persons.ForwardAsync("u:" + userId, visit, CancellationToken.None);
        Assert.True((await persons.GetAsync("u:" + userId, CancellationToken.None))!.Pending);

        await RecomputeAsync(new DateOnly(2026, 4, 3));

        Assert.False((await persons.GetAsync("u:" + userId, CancellationToken.None))!.Pending);
        Assert.Equal(("u:" + userId, false), await persons.ForwardAsync("u:" + userId, visit, CancellationToken.None));
    }

    [Fact]
    public async Task Recompute_WithOrderAfterLapsing_RecordsReactivation()
    {
        var userId = SegmentClient.NewId("winback");
        await SendPurchaseAsync(userId, "2026-01-10T12:00:00Z");
        await SendPurchaseAsync(userId, "2026-06-01T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 6, 2));

        var history = (await StoredEvents.WhereAsync(App.Storage, StorageNames.StageHistoryTable, TableClient.CreateQueryFilter($"PersonKey eq {"u:" + userId}"))).OrderBy(h => h.RowKey).ToList();

        Assert.Equal(["Conversion", "Lapsed", "Retention"], history.Select(h => h.GetString("Stage")));
        Assert.True(history[2].GetBoolean("Reactivation"));
        Assert.Equal("Lapsed", history[2].GetString("Previous"));
        Assert.Equal(91, history[0].GetInt32("DaysInStage"));
    }

    [Fact]
    public async Task Recompute_WithLateEarlierOrder_RewritesHistoryAndDropsTheSpellThatNoLongerExists()
    {
        var userId = SegmentClient.NewId("late");
        await SendPurchaseAsync(userId, "2026-03-01T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 3, 10));

        // An order from February arrives late: the customer had converted then and was retained in March.
        await SendPurchaseAsync(userId, "2026-02-01T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 3, 10));

        var history = (await StoredEvents.WhereAsync(App.Storage, StorageNames.StageHistoryTable, TableClient.CreateQueryFilter($"PersonKey eq {"u:" + userId}"))).OrderBy(h => h.RowKey).ToList();
        Assert.Equal(["Conversion", "Retention"], history.Select(h => h.GetString("Stage")));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), history[0].GetDateTimeOffset("Entered"));
        Assert.Equal("Retention", (await MemberAsync("u:" + userId))?.PartitionKey);
    }

    [Fact]
    public async Task Recompute_StartedTwiceTogether_RunsOnceAndSkipsTheOther()
    {
        var recompute = App.Services.GetRequiredService<LifecycleRecompute>();
        var release = new TaskCompletionSource();
        var blocking = new BlockingDispatcher(App.Services.GetRequiredService<InProcessShardDispatcher>(), release.Task);

        var first = recompute.RunAsync(new DateOnly(2026, 11, 1), blocking, null, CancellationToken.None);
        await blocking.Entered;
        var second = await recompute.RunAsync(new DateOnly(2026, 11, 1), App.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        release.SetResult();

        Assert.True(second.Skipped);
        Assert.False((await first).Skipped);
        NextMinute();
    }

    [Fact]
    public async Task RequestRecompute_OverHttp_ChecksKeyAndDateThenQueuesTheRun()
    {
        using var noKey = await App.Http.PostAsync(new Uri("/api/admin/recompute", UriKind.Relative), null);
        using var badDate = await App.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/recompute?asOf=yesterday&code=" + TestApp.FunctionKey));
        using var future = await App.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/recompute?asOf=2026-11-24&code=" + TestApp.FunctionKey));
        using var accepted = await App.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/recompute?asOf=2026-11-02") { Headers = { { "x-functions-key", TestApp.FunctionKey } } });

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("urn:lifecycle-functions:problem:function-key", (await noKey.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("in the future", (await future.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("2026-11-02", (await accepted.JsonAsync()).GetProperty("asOf").GetString());

        // The queue function runs it, fanning out over the recompute-shards queue.
        var runs = App.Services.GetRequiredService<LifecycleRunStore>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await runs.ReadStateAsync(CancellationToken.None)).Runs.Contains(new DateOnly(2026, 11, 2)) is false && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Contains(new DateOnly(2026, 11, 2), (await runs.ReadStateAsync(CancellationToken.None)).Runs);
        NextMinute();
    }

    private async Task PostAsync(object body)
    {
        using var response = await App.Http.PostAsync("/v1/batch", new { batch = new[] { body } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.JsonAsync()).GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task Recompute_AsOfADateBeforeLaterAdSpend_CountsOnlyTheSpendUpToThatDate()
    {
        var campaign = SegmentClient.NewId("backfill");
        await SendAdClickAsync(campaign, 2m, "2026-07-01T10:00:00Z");
        await SendAdClickAsync(campaign, 5m, "2026-07-20T10:00:00Z");

        await RecomputeAsync(new DateOnly(2026, 7, 25));
        Assert.Equal((2L, 7m), await CampaignAsync(new DateOnly(2026, 7, 25), campaign));

        // A backfill after the spend was folded: the state carries it, dated, into the earlier run.
        await RecomputeAsync(new DateOnly(2026, 7, 10));
        Assert.Equal((1L, 2m), await CampaignAsync(new DateOnly(2026, 7, 10), campaign));
    }

    [Fact]
    public async Task Recompute_WithAChannelAlias_PutsTheAdNetworksSpendAndThePeopleItTaggedInOneRow()
    {
        // The network reports as alias-ads (configured as an alias of "aliased"); one person clicked its ad, the
        // other arrived tagged utm_source=Aliased. Both sign up; the second also buys.
        var campaign = SegmentClient.NewId("alias");
        var clicker = SegmentClient.NewId("anon");
        var visitor = SegmentClient.NewId("anon");
        await App.Storage.Queue(StorageNames.AdEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "click", channel = "Alias-Ads", campaign, cost = 3m, anonymousId = clicker, timestamp = "2026-08-01T10:00:00Z" }));
        await App.Storage.Queue(StorageNames.AdEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "impression", channel = LifecycleAppFixture.AliasedAdNetwork, campaign, count = 100, cost = 1m, timestamp = "2026-08-01T10:00:00Z" }));
        await PostAsync(new { type = "page", anonymousId = visitor, timestamp = "2026-08-01T11:00:00Z", context = new { campaign = new { source = "Aliased", medium = "cpc", name = campaign } } });
        var clickerUser = SegmentClient.NewId("user");
        await PostAsync(new { type = "identify", anonymousId = clicker, userId = clickerUser, timestamp = "2026-08-02T10:00:00Z" });
        var buyer = SegmentClient.NewId("user");
        await PostAsync(new { type = "identify", anonymousId = visitor, userId = buyer, timestamp = "2026-08-02T10:00:00Z" });
        await PostAsync(new { type = "track", userId = buyer, @event = "Order Completed", timestamp = "2026-08-03T10:00:00Z", properties = new { order_id = SegmentClient.NewId("o"), total = 20 } });

        await RecomputeAsync(new DateOnly(2026, 8, 5));

        var rows = (await new AnalyticsReader(App.Storage).ReadCampaignsAsync(new DateOnly(2026, 8, 5), CancellationToken.None)).Where(r => r.Campaign == campaign).ToList();
        var row = Assert.Single(rows);
        Assert.Equal((LifecycleAppFixture.AliasedChannel, 100L, 1L, 4m, 2, 1, 2m, 4m), (row.Channel, row.Impressions, row.Clicks, row.Cost, row.Acquired, row.Converted, row.CostPerAcquisition, row.CostPerConversion));
        Assert.Equal(LifecycleAppFixture.AliasedChannel, (await MemberAsync("u:" + clickerUser))!.GetString("FirstTouchChannel"));

        // A report filtered by the network's own name finds the channel's people.
        var load = await App.Services.GetRequiredService<LifecycleFunctions.Engine.Reports.FunnelReportLoader>().LoadAsync(new DateOnly(2026, 8, 5), new LifecycleFunctions.Engine.Reports.ReportFilter(Channel: "ALIAS-ADS"), CancellationToken.None);
        Assert.Equal(LifecycleAppFixture.AliasedChannel, load.Report!.Filter.Channel);
    }

    private async Task SendAdClickAsync(string campaign, decimal cost, string at) =>
        await App.Storage.Queue(StorageNames.AdEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "click", channel = "google", campaign, cost, timestamp = at }));

    private async Task<(long Clicks, decimal Cost)> CampaignAsync(DateOnly asOf, string campaign)
    {
        var row = (await new AnalyticsReader(App.Storage).ReadCampaignsAsync(asOf, CancellationToken.None)).Single(r => r.Campaign == campaign);
        return (row.Clicks, row.Cost);
    }

    private async Task SendPurchaseAsync(string userId, string at) =>
        await App.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(new PurchaseMessage
        {
            OrderId = SegmentClient.NewId("order"),
            UserId = userId,
            Amount = 25,
            Timestamp = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
        }.ToJson());

    private async Task RecomputeAsync(DateOnly asOf)
    {
        await Waiting.ForQueuesToDrainAsync(App.Storage, TimeSpan.FromSeconds(60), StorageNames.WebsiteEventsQueue, StorageNames.PurchaseEventsQueue, StorageNames.AdEventsQueue);
        var result = await App.Services.GetRequiredService<LifecycleRecompute>().RunAsync(asOf, App.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        Assert.False(result.Skipped);
        NextMinute();
    }

    /// <summary>The test clock stands still; move it on so events stored after a run fall after its watermark.</summary>
    private void NextMinute() => App.Time.Advance(TimeSpan.FromMinutes(1));

    private async Task<TableEntity?> MemberAsync(string personKey) =>
        (await StoredEvents.WhereAsync(App.Storage, StorageNames.StageMembersTable, TableClient.CreateQueryFilter($"PersonKey eq {personKey}"))).SingleOrDefault();

    private async Task<List<JsonElement>> PeekStageChangesAsync(string personKey)
    {
        var found = new List<JsonElement>();
        var queue = App.Storage.Queue(StorageNames.StageChangesQueue);

        // Peek shows only the first 32 and the queue is shared by the collection's tests: receive batch after
        // batch under a lease long enough that none comes round twice (nothing is deleted; they reappear after).
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                using var document = JsonDocument.Parse(message.Body.ToString());
                if (document.RootElement.GetProperty("person").GetString() == personKey)
                {
                    found.Add(document.RootElement.Clone());
                }
            }
        }

        return found;
    }

    /// <summary>Holds the first phase until released, so a second recompute can be started while the first holds the lock.</summary>
    private sealed class BlockingDispatcher(IShardDispatcher inner, Task release) : IShardDispatcher
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            await release;
            await inner.RunAsync(items, progress, cancellationToken);
        }
    }
}
