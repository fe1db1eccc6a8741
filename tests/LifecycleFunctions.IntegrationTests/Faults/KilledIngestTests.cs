using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Xunit.Abstractions;

namespace LifecycleFunctions.IntegrationTests.Faults;

/// <summary>
/// Fault suite, process killed mid-ingest: the app runs as a child process (`lifecycle serve`), concurrent senders
/// post Segment batches to it over HTTP and purchase and ad messages go onto its queues, and it is killed with
/// SIGKILL while they send. A new process then drains what the dead one held: every acknowledged event is stored
/// exactly once, nothing is poisoned or recorded as failed, and what the dead process had in hand comes back
/// within its processing lease.
/// </summary>
public sealed class KilledIngestTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string WriteKey = "killed-ingest-key";
    private const int Senders = 6;
    private const int EventsPerBatch = 25;

    /// <summary>Short, to keep the test quick; the default is 60 s. The bound asserted below is far under that default.</summary>
    private static readonly TimeSpan ProcessingLease = TimeSpan.FromSeconds(5);

    private StorageClients Storage => new(azurite.ConnectionString);

    [Fact]
    public async Task Serve_KilledWhileSendersPostAndQueuesFill_StoresEveryAcknowledgedEventOnceAfterRestart()
    {
        var run = "k" + Guid.NewGuid().ToString("N")[..8];
        var address = new Uri($"http://127.0.0.1:{LifecycleProcess.FreePort()}");
        await using var first = LifecycleProcess.Start(ServeArguments(address));
        await first.WaitUntilServingAsync(address, TimeSpan.FromSeconds(60));

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        using var stop = new CancellationTokenSource();
        var acknowledged = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<(int Sender, List<string> Ids)>();
        var website = Enumerable.Range(0, Senders).Select(sender => SendBatchesAsync(http, run, sender, acknowledged, unanswered, stop.Token)).ToList();
        var orders = new ConcurrentBag<string>();
        var clicks = new ConcurrentBag<string>();
        var queues = SendQueueMessagesAsync(run, orders, clicks, stop.Token);

        // Killed while the website-events queue still holds work, so the dead process had messages in hand.
        var backlog = await WaitForBacklogAsync(acknowledged, minimum: 1500);
        var killedAt = DateTimeOffset.UtcNow;
        first.Kill();

        // Senders meet a dead port for a moment, as they would in production, then stop.
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll([.. website, queues]);

        await using var second = LifecycleProcess.Start(ServeArguments(address));
        var restartedAt = second.StartedAt;
        await second.WaitUntilServingAsync(address, TimeSpan.FromSeconds(60));
        var servingAt = DateTimeOffset.UtcNow;

        // What got no answer the senders send again: some of it was queued before the kill, and must still be stored once.
        var retried = new List<string>();
        foreach (var (sender, ids) in unanswered)
        {
            Assert.True(await PostAsync(http, run, sender, ids), "A retry after the restart was not acknowledged.");
            retried.AddRange(ids);
        }

        var expected = acknowledged.ToHashSet(StringComparer.Ordinal);
        await WaitForAsync(run, [.. expected, .. retried], orders.ToHashSet(StringComparer.Ordinal), clicks.ToHashSet(StringComparer.Ordinal), TimeSpan.FromSeconds(90));
        await Waiting.ForQueuesToDrainAsync(Storage, TimeSpan.FromSeconds(60), StorageNames.WebsiteEventsQueue, StorageNames.AdEventsQueue, StorageNames.PurchaseEventsQueue);
        await Task.Delay(1000);
        var stored = await ReadRunAsync(run);

        var byMessage = stored.Where(e => e.GetString("Type") != EventTypes.OrderCompleted).GroupBy(e => e.GetString("MessageId")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Subset(byMessage.Keys.ToHashSet(StringComparer.Ordinal), expected);
        Assert.Subset(byMessage.Keys.ToHashSet(StringComparer.Ordinal), retried.ToHashSet(StringComparer.Ordinal));
        Assert.Subset(byMessage.Keys.ToHashSet(StringComparer.Ordinal), clicks.ToHashSet(StringComparer.Ordinal));
        Assert.DoesNotContain(byMessage, kv => kv.Value > 1);
        var byOrder = stored.Where(e => e.GetString("Type") == EventTypes.OrderCompleted).GroupBy(e => e.GetString("OrderId")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(orders.Order(StringComparer.Ordinal), byOrder.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(byOrder, kv => kv.Value > 1);
        foreach (var queue in new[] { StorageNames.WebsiteEventsQueue, StorageNames.AdEventsQueue, StorageNames.PurchaseEventsQueue })
        {
            Assert.Empty((await Storage.Queue(StorageNames.PoisonQueue(queue)).PeekMessagesAsync(32)).Value);
        }

        Assert.Empty(await ReadAllAsync(StorageNames.FailedEventsTable));

        // What the dead process held was invisible for at most its lease (renewed every third of it) after the
        // kill, then the new process's next poll takes it. Counted from when it serves, since how long a process
        // takes to start depends on the machine's load; the bound is far less than the 60 s default lease.
        var acknowledgedRows = stored.Where(e => expected.Contains(e.GetString("MessageId")!) || e.GetString("Type") == EventTypes.OrderCompleted || clicks.Contains(e.GetString("MessageId")!)).ToList();
        var afterKill = acknowledgedRows.Where(e => e.Timestamp > killedAt).ToList();
        Assert.True(afterKill.Count > 0, "Nothing acknowledged was stored after the kill: the process was not killed mid-ingest.");
        var lastLanded = acknowledgedRows.Max(e => e.Timestamp!.Value);
        var sinceRestart = lastLanded - restartedAt;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Killed after {expected.Count:N0} acknowledged website events, {orders.Count:N0} orders and {clicks.Count:N0} clicks on the queues; website-events held {backlog:N0} messages at the kill."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stored after the kill: {afterKill.Count:N0} acknowledged events. Restarted {(restartedAt - killedAt).TotalSeconds:N1} s after the kill, serving {(servingAt - restartedAt).TotalSeconds:N1} s later; the last acknowledged event landed {sinceRestart.TotalSeconds:N1} s after the restart ({(lastLanded - killedAt).TotalSeconds:N1} s after the kill), with a {ProcessingLease.TotalSeconds:N0} s processing lease."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{retried.Count:N0} events that got no answer (in flight at the kill, or sent to the dead port in the half second after) were sent again after the restart; every event was stored once, nothing poisoned."));
        Assert.True(lastLanded - servingAt < ProcessingLease + TimeSpan.FromSeconds(25), $"The last acknowledged event landed {lastLanded - servingAt} after the restarted app served.");
    }

    private string[] ServeArguments(Uri address) =>
    [
        "serve", "--urls", address.ToString().TrimEnd('/'), $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Collect:WriteKeys:0={WriteKey}",
        "--Logging:LogLevel:Default=Warning", "--AzureWebJobs:RecomputeLifecycle:Disabled=true",
        "--AzureFunctionsJobHost:extensions:queues:maxPollingInterval=00:00:00.250",
        $"--AzureFunctionsJobHost:extensions:queues:processingLease={ProcessingLease:c}",
    ];

    /// <summary>Posts batches until stopped; a batch's events count as acknowledged only when it was answered 2xx with all of them accepted.</summary>
    private static Task SendBatchesAsync(HttpClient http, string run, int sender, ConcurrentBag<string> acknowledged, ConcurrentBag<(int Sender, List<string> Ids)> unanswered, CancellationToken stop) => Task.Run(async () =>
    {
        for (var b = 0; !stop.IsCancellationRequested; b++)
        {
            var ids = Enumerable.Range(0, EventsPerBatch).Select(i => string.Create(CultureInfo.InvariantCulture, $"{run}-s{sender}-b{b}-e{i}")).ToList();
            if (await PostAsync(http, run, sender, ids))
            {
                ids.ForEach(acknowledged.Add);
            }
            else
            {
                unanswered.Add((sender, ids));
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }, CancellationToken.None);

    /// <summary>True when the batch was answered 2xx with every event accepted; false when the process died under the request or was gone.</summary>
    private static async Task<bool> PostAsync(HttpClient http, string run, int sender, List<string> ids)
    {
        var body = JsonSerializer.Serialize(new { batch = ids.Select(id => new { type = "track", messageId = id, userId = $"{run}-user{sender}", @event = "Viewed" }) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        try
        {
            using var response = await http.SendAsync(request, CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None)).RootElement;
            Assert.Equal(ids.Count, answer.GetProperty("accepted").GetInt32());
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            // Not acknowledged: a sender sends it again.
            return false;
        }
    }

    /// <summary>Purchase and ad messages until stopped; the queue holds each once sent, whether the app is up or not.</summary>
    private Task SendQueueMessagesAsync(string run, ConcurrentBag<string> orders, ConcurrentBag<string> clicks, CancellationToken stop) => Task.Run(async () =>
    {
        var purchases = Storage.Queue(StorageNames.PurchaseEventsQueue);
        var ads = Storage.Queue(StorageNames.AdEventsQueue);
        for (var m = 0; !stop.IsCancellationRequested; m++)
        {
            var orderIds = Enumerable.Range(0, 5).Select(i => string.Create(CultureInfo.InvariantCulture, $"{run}-order{m}-{i}")).ToList();
            await purchases.SendMessageAsync(JsonSerializer.Serialize(new { batch = orderIds.Select(o => new { type = "order_completed", orderId = o, userId = $"{run}-buyer{m % 10}", amount = 10 }) }), CancellationToken.None);
            orderIds.ForEach(orders.Add);
            var clickIds = Enumerable.Range(0, 5).Select(i => string.Create(CultureInfo.InvariantCulture, $"{run}-click{m}-{i}")).ToList();
            await ads.SendMessageAsync(JsonSerializer.Serialize(new { batch = clickIds.Select(id => new { type = "click", channel = "google-ads", campaign = run, messageId = id }) }), CancellationToken.None);
            clickIds.ForEach(clicks.Add);
            await Task.Delay(20, CancellationToken.None);
        }
    }, CancellationToken.None);

    /// <summary>Until enough events were acknowledged and the website-events queue holds some not yet stored; returns that backlog.</summary>
    private async Task<int> WaitForBacklogAsync(ConcurrentBag<string> acknowledged, int minimum)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (acknowledged.Count >= minimum)
            {
                var backlog = (await Storage.Queue(StorageNames.WebsiteEventsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                if (backlog > 0)
                {
                    return backlog;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Senders had {acknowledged.Count} events acknowledged and no backlog formed within 60 s.");
    }

    /// <summary>Until every acknowledged event, order and click of the run is stored.</summary>
    private async Task WaitForAsync(string run, HashSet<string> events, HashSet<string> orders, HashSet<string> clicks, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var stored = await ReadRunAsync(run);
            var ids = stored.Select(e => e.GetString("MessageId")).ToHashSet(StringComparer.Ordinal);
            var orderIds = stored.Select(e => e.GetString("OrderId")).ToHashSet(StringComparer.Ordinal);
            var missing = events.Count(id => !ids.Contains(id)) + clicks.Count(id => !ids.Contains(id)) + orders.Count(id => !orderIds.Contains(id));
            if (missing == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{missing} acknowledged events, orders and clicks were still not stored {patience} after the restart.");
            }

            await Task.Delay(250);
        }
    }

    private async Task<List<TableEntity>> ReadRunAsync(string run) =>
        (await ReadAllAsync(StorageNames.EventsTable)).Where(e => (e.GetString("MessageId") ?? e.GetString("OrderId") ?? string.Empty).StartsWith(run, StringComparison.Ordinal)
            || (e.GetString("OrderId") ?? string.Empty).StartsWith(run, StringComparison.Ordinal)).ToList();

    private async Task<List<TableEntity>> ReadAllAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Storage.Table(table).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Timestamp", "MessageId", "OrderId", "Type"]))
        {
            rows.Add(row);
        }

        return rows;
    }
}
