using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LifecycleFunctions.App.Cli;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LifecycleFunctions.IntegrationTests.Faults;

/// <summary>
/// Fault suite, storage outage: the app on a real Kestrel port reaches Azurite through a TCP proxy that then
/// refuses every connection for longer than the Azure SDK's own retries last, once while senders post and
/// queued messages wait, once in the middle of a recompute. Every request is answered (503 with Retry-After,
/// never a 500 or a hang), nothing is poisoned, and once storage is back the same process, not restarted,
/// takes requests again, drains what was queued (each acknowledged event stored once) and reruns the
/// recompute to a clean run's tables and figures.
/// </summary>
public sealed class StorageOutageRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Senders = 4;
    private const int EventsPerBatch = 5;
    private const int BacklogOrders = 100;
    private const string StorageUnavailable = "urn:lifecycle-functions:problem:storage-unavailable";
    private static readonly DateOnly AsOf = new(1997, 12, 31);

    /// <summary>
    /// Messages in flight when storage goes cannot be released, so they come back when their lease ends: a
    /// shorter lease than the 60 s default keeps the suite short (what is measured is the app, not the lease).
    /// </summary>
    private static readonly TimeSpan ProcessingLease = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Refusals longer than the SDK retries for: every call that meets the outage spends its retries and
    /// fails, and the app's own handling (503, the listeners' back-off, the run failing) is what is tested.
    /// </summary>
    private static TimeSpan OutageLength => SdkRetrySpan() * 2 + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Ingest_WithStorageGoneLongerThanTheSdksRetries_Answers503ThenRecoversWithoutRestartAndStoresEachAcknowledgedEventOnce()
    {
        await using var proxy = StorageProxy.Start(azurite.ConnectionString);
        await using var app = await KestrelApp.StartAsync(proxy.ConnectionString, [.. Settings, $"--AzureFunctionsJobHost:extensions:queues:processingLease={ProcessingLease}"]);
        var storage = new StorageClients(azurite.ConnectionString);
        var budget = TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<CollectOptions>>().Value.StorageTimeoutSeconds);
        var run = "o" + Guid.NewGuid().ToString("N")[..10];
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<Answer>();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() => SendUntilStoppedAsync(app.Http, run, s, clock, answers, acknowledged, stop.Token))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var logBefore = app.Log.Entries.Count;
        proxy.Drop();
        var cut = clock.Elapsed;

        // The order system goes on queueing straight into storage meanwhile: a backlog for the app to drain.
        var orders = Enumerable.Range(0, BacklogOrders).Select(i => $"{run}-order{i:000}").ToList();
        var purchases = storage.Queue(StorageNames.PurchaseEventsQueue);
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, token) =>
            await purchases.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId = order, userId = run + "-buyer", amount = 10 }), token));
        await UntilAsync(clock, cut + OutageLength);
        var outageLog = app.Log.Entries.Skip(logBefore).Where(e => e.Level >= LogLevel.Warning).ToList();
        proxy.Restore();
        var restored = clock.Elapsed;

        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        var expected = acknowledged.ToHashSet(StringComparer.Ordinal);
        var (website, purchased, drained) = await WaitForStoredAsync(storage, run, expected.Count, clock);

        var refused = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var firstOk = answers.Where(a => a.Status == HttpStatusCode.OK && a.Ended > restored).MinBy(a => a.Ended);
        output.WriteLine($"SDK retry span {SdkRetrySpan().TotalSeconds:0.0} s; outage {OutageLength.TotalSeconds:0.0} s; Collect:StorageTimeoutSeconds {budget.TotalSeconds:0} s");
        output.WriteLine($"{answers.Count} answers: {answers.Count(a => a.Status == HttpStatusCode.OK)} x 200, {refused.Count} x 503, {answers.Count(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))} other; {expected.Count} events acknowledged");
        output.WriteLine($"first 503 {Seconds(refused.Select(a => a.Ended).DefaultIfEmpty().Min() - cut)} after the cut; each 503 answered in {Seconds(refused.Select(a => a.Took).DefaultIfEmpty().Min())}–{Seconds(refused.Select(a => a.Took).DefaultIfEmpty().Max())}");
        output.WriteLine($"first 200 {Seconds(firstOk is null ? TimeSpan.Zero : firstOk.Ended - restored)} after storage came back; everything queued stored {Seconds(drained - restored)} after it came back");
        output.WriteLine($"  each 503, sent at (after the cut) / answered in: {string.Join(", ", refused.OrderBy(a => a.Started).Select(a => $"{Seconds(a.Started - cut)} / {Seconds(a.Took)}"))}");
        output.WriteLine($"  the SDK's defaults, overridden here: {string.Join("; ", new (string, RetryOptions)[] { ("queues", new QueueClientOptions().Retry), ("tables", new TableClientOptions().Retry), ("blobs", new BlobClientOptions().Retry) }.Select(c => $"{c.Item1} {c.Item2.MaxRetries} retries from {c.Item2.Delay} up to {c.Item2.MaxDelay}, {c.Item2.NetworkTimeout} per try"))}");
        output.WriteLine($"{outageLog.Count} warning lines during the outage:");
        outageLog.ForEach(e => output.WriteLine($"  {e.Category}: {e.Message}"));

        // Every request answered, within the budget: 200 before and after, 503 storage-unavailable while storage was gone.
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.NotEmpty(refused);
        Assert.All(refused, a =>
        {
            Assert.Equal(StorageUnavailable, a.ProblemType);
            Assert.True(a.RetryAfter > TimeSpan.Zero, "A 503 without Retry-After.");
            Assert.True(a.Took < budget + TimeSpan.FromSeconds(5), $"A 503 took {a.Took} against a budget of {budget}.");
        });
        Assert.NotNull(firstOk);

        // Each acknowledged event once, the queued backlog once, and nothing poisoned or given up on.
        var stored = website.GroupBy(e => e.GetString("MessageId")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(stored, kv => kv.Value > 1);
        Assert.Equal(orders, purchased.Select(e => e.GetString("OrderId")!).Order(StringComparer.Ordinal));
        foreach (var queue in new[] { StorageNames.WebsiteEventsQueue, StorageNames.PurchaseEventsQueue, StorageNames.AdEventsQueue })
        {
            Assert.Empty((await storage.Queue(StorageNames.PoisonQueue(queue)).PeekMessagesAsync(32)).Value);
        }

        Assert.Empty(await FailedEventsOfAsync(storage, run));

        // The log: the refused requests, and each polling loop's one line for the whole outage, not one per poll.
        var unreachable = outageLog.Where(e => e.Message.Contains(": storage unreachable (", StringComparison.Ordinal)).ToList();
        Assert.All(outageLog, e => Assert.True(unreachable.Contains(e) || e.Message.Contains("answered 503 storage-unavailable", StringComparison.Ordinal), $"Unexpected warning during the outage: {e.Category}: {e.Message}"));
        Assert.NotEmpty(unreachable);
        Assert.All(unreachable.GroupBy(e => e.Message[..e.Message.IndexOf(": storage unreachable", StringComparison.Ordinal)]), source => Assert.Single(source));
    }

    [Fact]
    public async Task Recompute_WithStorageGoneMidRunLongerThanTheSdksRetries_FailsWithAStorageErrorThenRerunsWithoutRestartToACleanRunsTables()
    {
        var cleanStorage = new AzuriteFixture();
        var cutStorage = new AzuriteFixture();
        await Task.WhenAll(cleanStorage.InitializeAsync(), cutStorage.InitializeAsync());
        try
        {
            await using var proxy = StorageProxy.Start(cutStorage.ConnectionString);
            string[] settings = [.. Settings, "--Recompute:WatermarkLagSeconds=0"];

            // One instant for both, as for two runs of the same night: the stored times and the watermark agree.
            await using var clean = await KestrelApp.StartAsync(cleanStorage.ConnectionString, settings, new FakeTimeProvider(TestApp.Now));
            await using var app = await KestrelApp.StartAsync(proxy.ConnectionString, settings, new FakeTimeProvider(TestApp.Now));
            await Task.WhenAll(IngestAsync(clean, new StorageClients(cleanStorage.ConnectionString)), IngestAsync(app, new StorageClients(cutStorage.ConnectionString)));
            var cleanResult = await RecomputeAsync(clean, null);

            var clock = Stopwatch.StartNew();
            var cutter = new CutMidClassify(proxy, clock, afterShards: 4);
            var attempt = RecomputeAsync(app, cutter);
            var ended = await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromMinutes(2)));
            Assert.True(ended == attempt, "The recompute did not end within 2 minutes of storage going away: it hangs.");
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => attempt);
            var failedAfter = clock.Elapsed - cutter.CutAt;
            Assert.True(cutter.CutAt > TimeSpan.Zero, "Storage was never cut: the run did not reach its classify steps.");
            await UntilAsync(clock, cutter.CutAt + OutageLength);
            proxy.Restore();
            var restored = clock.Elapsed;
            var lease = (await new StorageClients(cutStorage.ConnectionString).Container(StorageNames.LifecycleContainer).GetBlobClient("locks/recompute").GetPropertiesAsync()).Value.LeaseState;

            var rerun = await RecomputeAsync(app, null);
            var rerunTook = clock.Elapsed - restored;

            output.WriteLine($"SDK retry span {SdkRetrySpan().TotalSeconds:0.0} s; outage {OutageLength.TotalSeconds:0.0} s");
            output.WriteLine($"storage cut after {cutter.ShardsBeforeCut} classify shards; the run failed {Seconds(failedAfter)} later with {failure.GetType().Name}: {StorageFailure.Describe(failure) ?? failure.Message}");
            output.WriteLine($"failure raised through: {string.Join(" <- ", (failure.StackTrace ?? string.Empty).Split('\n').Where(f => f.Contains("LifecycleFunctions", StringComparison.Ordinal)).Select(f => f.Trim()))}");
            output.WriteLine($"run lock once storage was back: lease {lease}; the rerun (without restart) took {Seconds(rerunTook)}");
            output.WriteLine($"clean run: {cleanResult.Events} events, {cleanResult.People} people, {cleanResult.Changed} changed; rerun: {rerun.Events}, {rerun.People}, {rerun.Changed}");

            // A storage failure an operator can read in one line, raised by the work itself: giving back the lock
            // during the outage failed too, and its error replaced the run's.
            Assert.NotNull(StorageFailure.Describe(failure));
            Assert.DoesNotContain(nameof(RunLock), failure.StackTrace ?? string.Empty, StringComparison.Ordinal);
            Assert.False(rerun.Skipped, "The rerun found the lock still held.");
            Assert.Equal((cleanResult.Events, cleanResult.People, cleanResult.Changed), (rerun.Events, rerun.People, rerun.Changed));
            foreach (var table in OutputTables)
            {
                var expected = await SnapshotAsync(clean.Services.GetRequiredService<StorageClients>(), table);
                Assert.True(expected.Count > 0, $"{table} is empty; the comparison would prove nothing.");
                Assert.Equal(expected, await SnapshotAsync(app.Services.GetRequiredService<StorageClients>(), table));
            }
        }
        finally
        {
            await Task.WhenAll(cleanStorage.DisposeAsync(), cutStorage.DisposeAsync());
        }
    }

    /// <summary>
    /// Azure.Core's default retries (3, from 0.8 s) rather than the Storage SDK's (5), through the app's own
    /// setting: an outage longer than them then takes 15 s of CI time instead of a minute.
    /// </summary>
    private static readonly StorageRetryOptions Retry = new() { MaxRetries = 3, DelaySeconds = 0.8 };

    private static readonly string[] Settings =
    [
        "--AzureFunctionsJobHost:extensions:queues:maxPollingInterval=00:00:00.250",
        string.Create(CultureInfo.InvariantCulture, $"--Storage:Retry:MaxRetries={Retry.MaxRetries}"),
        string.Create(CultureInfo.InvariantCulture, $"--Storage:Retry:DelaySeconds={Retry.DelaySeconds}"),
    ];

    private static readonly string[] OutputTables =
    [
        StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable,
        StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable,
    ];

    /// <summary>
    /// The longest the SDK keeps one call going against a storage that refuses every connection: each try fails
    /// at once, so its back-off delays (up to 20% longer with jitter) are the span; the same defaults for all
    /// three clients.
    /// </summary>
    private static TimeSpan SdkRetrySpan() =>
        new RetryOptions[] { new QueueClientOptions().Retry, new TableClientOptions().Retry, new BlobClientOptions().Retry }.Max(retry =>
        {
            Retry.ApplyTo(retry);
            return Enumerable.Range(1, retry.MaxRetries).Select(attempt =>
            {
                var delay = retry.Mode == RetryMode.Exponential ? retry.Delay * (1 << (attempt - 1)) : retry.Delay;
                return (delay < retry.MaxDelay ? delay : retry.MaxDelay) * 1.2;
            }).Aggregate(TimeSpan.Zero, (total, delay) => total + delay);
        });

    /// <summary>
    /// Posts batches one after another until stopped; a batch answered 503 is sent again as a tracking library
    /// does (the same message ids make that safe), sooner than Retry-After so the recovery is seen to the second.
    /// </summary>
    private static async Task SendUntilStoppedAsync(HttpClient http, string run, int sender, Stopwatch clock, ConcurrentQueue<Answer> answers, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        for (var b = 0; !stop.IsCancellationRequested; b++)
        {
            var ids = Enumerable.Range(0, EventsPerBatch).Select(i => string.Create(CultureInfo.InvariantCulture, $"{run}-s{sender}-b{b:0000}-e{i}")).ToList();
            var body = JsonSerializer.Serialize(new { batch = ids.Select(id => new { type = "track", messageId = id, userId = $"{run}-user{sender}", @event = "Viewed" }) });
            while (true)
            {
                var started = clock.Elapsed;
                using var response = await http.SendAsync(SegmentClient.Post("/v1/batch", body), CancellationToken.None);
                var problem = response.StatusCode == HttpStatusCode.OK ? null : await ProblemTypeAsync(response);
                answers.Enqueue(new Answer(started, clock.Elapsed, response.StatusCode, response.Headers.RetryAfter?.Delta, problem));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ids.ForEach(acknowledged.Add);
                    break;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response)
    {
        try
        {
            return (await response.JsonAsync()).GetProperty("type").GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The run's stored website events and orders once all are there and the queues are empty, and when that was.</summary>
    private static async Task<(List<TableEntity> Website, List<TableEntity> Orders, TimeSpan Drained)> WaitForStoredAsync(StorageClients storage, string run, int websiteEvents, Stopwatch clock)
    {
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(90);
        while (true)
        {
            var website = await StoredEvents.WhereAsync(storage, StorageNames.EventsTable, $"MessageId ge '{run}-s' and MessageId lt '{run}-t'");
            var orders = await StoredEvents.WhereAsync(storage, StorageNames.EventsTable, $"OrderId ge '{run}-order' and OrderId lt '{run}-ordes'");
            var queued = await Task.WhenAll(new[] { StorageNames.WebsiteEventsQueue, StorageNames.PurchaseEventsQueue }.Select(async q => (await storage.Queue(q).GetPropertiesAsync()).Value.ApproximateMessagesCount));
            if ((website.Count >= websiteEvents && orders.Count >= BacklogOrders && queued.All(c => c == 0)) || clock.Elapsed > deadline)
            {
                var drained = clock.Elapsed;

                // A moment longer, for a duplicate still on its way.
                await Task.Delay(TimeSpan.FromSeconds(1));
                return (await StoredEvents.WhereAsync(storage, StorageNames.EventsTable, $"MessageId ge '{run}-s' and MessageId lt '{run}-t'"),
                    await StoredEvents.WhereAsync(storage, StorageNames.EventsTable, $"OrderId ge '{run}-order' and OrderId lt '{run}-ordes'"), drained);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<List<TableEntity>> FailedEventsOfAsync(StorageClients storage, string run)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Table(StorageNames.FailedEventsTable).QueryAsync<TableEntity>())
        {
            if (row.Select(kv => kv.Value).OfType<string>().Any(v => v.Contains(run, StringComparison.Ordinal)))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static Task<RecomputeResult> RecomputeAsync(KestrelApp app, IProgress<RecomputeProgress>? progress) =>
        app.Services.GetRequiredService<LifecycleRecompute>().RunOnDemandAsync(AsOf, app.Services.GetRequiredService<InProcessShardDispatcher>(), progress, CancellationToken.None);

    private static Task IngestAsync(KestrelApp app, StorageClients storage) => MixedTraffic.IngestAsync(app.Http, storage);

    /// <summary>Every row but the storage's own bookkeeping (ETag, Timestamp) and the run ids, sorted.</summary>
    private static Task<List<string>> SnapshotAsync(StorageClients storage, string table) =>
        TableSnapshot.ReadAsync(storage, table, null, k => k == "ChangedIn" || k.Contains("RunId", StringComparison.Ordinal));

    private static async Task UntilAsync(Stopwatch clock, TimeSpan at)
    {
        if (at > clock.Elapsed)
        {
            await Task.Delay(at - clock.Elapsed);
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s");

    /// <param name="Ended">When the answer came, on the test's clock.</param>
    private sealed record Answer(TimeSpan Started, TimeSpan Ended, HttpStatusCode Status, TimeSpan? RetryAfter, string? ProblemType)
    {
        public TimeSpan Took => Ended - Started;
    }

    /// <summary>The recompute's progress, used to take storage away once a few classify shards are done: mid-run, mid-phase.</summary>
    private sealed class CutMidClassify(StorageProxy proxy, Stopwatch clock, int afterShards) : IProgress<RecomputeProgress>
    {
        private int _cut;

        public TimeSpan CutAt { get; private set; }

        public int ShardsBeforeCut { get; private set; }

        public void Report(RecomputeProgress value)
        {
            if (value.Step == nameof(RecomputePhase.Classify) && value.Done >= afterShards && Interlocked.Exchange(ref _cut, 1) == 0)
            {
                proxy.Drop();
                (CutAt, ShardsBeforeCut) = (clock.Elapsed, value.Done);
            }
        }
    }
}
