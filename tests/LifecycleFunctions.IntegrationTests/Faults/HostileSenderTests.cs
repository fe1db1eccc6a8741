using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Faults;

/// <summary>
/// Fault suite, hostile input: many senders at once over a real Kestrel port and the ad and purchase queues,
/// with hostile events among them (ids at and past each stored-key limit, every character a key may not
/// hold). Every acknowledged event is stored exactly once, nothing valid is poisoned, and each hostile event
/// is refused with its field and rule or recorded as failed: one sender's input never costs another's.
/// </summary>
public sealed class HostileSenderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string WriteKey = "hostile-suite-key";
    private const int Senders = 8;
    private const int BatchesPerSender = 5;
    private const int EventsPerBatch = 20;
    private static readonly string[] AwkwardCharacters = ["/", "\\", "#", "?", "%", "|", "\u0001", "\u001f", "\u007f", "\u0085", "\u009f", "'", "\"", "~", "😀"];
    private WebApplication? _app;

    private StorageClients Storage => new(azurite.ConnectionString);

    public async Task InitializeAsync()
    {
        _app = LifecycleHost.Build(["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Collect:WriteKeys:0={WriteKey}",
            "--Logging:LogLevel:Default=Warning", "--AzureFunctionsJobHost:extensions:queues:maxPollingInterval=00:00:00.250"]);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Ids that must be stored as sent: each character a key may not hold, and ids escaping to exactly the limit.</summary>
    public static IEnumerable<string> StorableAwkwardIds(string run) =>
        AwkwardCharacters.Select((c, i) => $"{run}-odd{i}-a{c}b")
            .Append(run + "-limit-" + new string('#', (StoredKey.MaxLength - run.Length - 7) / 3));

    [Fact]
    public async Task Capture_WithHostileEventsAmongConcurrentSenders_StoresEveryAcknowledgedEventOnceAndPoisonsNothing()
    {
        var run = "h" + Guid.NewGuid().ToString("N")[..10];
        using var http = new HttpClient { BaseAddress = new Uri(Host) };
        var hostile = HostileWebsiteItems(run).ToList();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var refusedByHttp = new System.Collections.Concurrent.ConcurrentBag<string>();

        var website = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var b = 0; b < BatchesPerSender; b++)
            {
                var items = Enumerable.Range(0, EventsPerBatch).Select(i => Track($"{run}-s{sender}-b{b}-e{i}", $"{run}-user{sender}")).ToList();
                // One hostile item in every other batch, so most transactions share a partition with one.
                if ((sender + b) % 2 == 0 && hostile.Count > 0)
                {
                    lock (hostile)
                    {
                        if (hostile.Count > 0)
                        {
                            items.Insert(EventsPerBatch / 2, hostile[^1]);
                            hostile.RemoveAt(hostile.Count - 1);
                        }
                    }
                }

                using var response = await PostBatchAsync(http, items);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                var rejected = body.TryGetProperty("rejected", out var r) ? r.EnumerateArray().Select(x => x.GetProperty("index").GetInt32()).ToHashSet() : [];
                for (var i = 0; i < items.Count; i++)
                {
                    (rejected.Contains(i) ? refusedByHttp : acknowledged).Add((string)items[i]["messageId"]!);
                }
            }
        })).ToList();

        var awkward = StorableAwkwardIds(run).ToList();
        var awkwardSend = Task.Run(async () =>
        {
            // The short ones are user ids too, so person, identity and member keys meet every character as well.
            using var response = await PostBatchAsync(http, awkward.Select(id => Track(id, id.Length < 100 ? id : run + "-awkward")).ToList());
            var answer = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(awkward.Count, JsonDocument.Parse(answer).RootElement.GetProperty("accepted").GetInt32());
            awkward.ForEach(acknowledged.Add);
        });

        var orders = Enumerable.Range(0, 40).Select(i => $"{run}-order{i}").ToList();
        var queues = Task.Run(async () =>
        {
            var purchases = Storage.Queue(StorageNames.PurchaseEventsQueue);
            var ads = Storage.Queue(StorageNames.AdEventsQueue);
            for (var m = 0; m < 4; m++)
            {
                var batch = orders.Skip(m * 10).Take(10).Select(o => (object)new { type = "order_completed", orderId = o, userId = $"{run}-buyer", amount = 10 }).ToList();
                batch.Insert(5, new { type = "order_refunded", orderId = orders[0], userId = $"{run}-buyer", amount = 1, refundId = new string('#', 200) });
                await purchases.SendMessageAsync(JsonSerializer.Serialize(new { batch }));
                var clicks = Enumerable.Range(0, 10).Select(i => (object)new { type = "click", channel = "google-ads", campaign = run, messageId = $"{run}-click{m}-{i}" }).ToList();
                clicks.Insert(3, new { type = "click", channel = "google-ads", campaign = run, clickId = new string('%', 200) });
                await ads.SendMessageAsync(JsonSerializer.Serialize(new { batch = clicks }));
            }
        });

        await Task.WhenAll([.. website, awkwardSend, queues]);

        var expectedIds = acknowledged.ToHashSet(StringComparer.Ordinal);
        var stored = await WaitForRunAsync(run, expectedIds.Count + orders.Count + 40);
        var byId = stored.GroupBy(e => e.GetString("MessageId")!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Subset(byId.Keys.ToHashSet(StringComparer.Ordinal), expectedIds);
        Assert.DoesNotContain(byId, kv => kv.Value > 1);
        Assert.Equal(orders.Order(StringComparer.Ordinal), stored.Where(e => e.GetString("Type") == EventTypes.OrderCompleted).Select(e => e.GetString("OrderId")!).Order(StringComparer.Ordinal));
        Assert.Equal(40, stored.Count(e => e.GetString("Type") == EventTypes.AdClick));

        Assert.Equal(HostileWebsiteItems(run).Count(), refusedByHttp.Count);
        foreach (var queue in new[] { StorageNames.WebsiteEventsQueue, StorageNames.AdEventsQueue, StorageNames.PurchaseEventsQueue })
        {
            Assert.Empty((await Storage.Queue(StorageNames.PoisonQueue(queue)).PeekMessagesAsync(32)).Value);
        }

        var failures = _app!.Services.GetRequiredService<FailedEventStore>();
        Assert.Equal(refusedByHttp.Count, (await failures.ListAsync(SegmentCollector.RejectedBatchItems, CancellationToken.None)).Count(f => f.RawBody.Contains(run, StringComparison.Ordinal)));
        Assert.Equal(4, (await failures.ListAsync(StorageNames.PurchaseEventsQueue, CancellationToken.None)).Count(f => f.Reason.Contains("refundId [stored-key-length]", StringComparison.Ordinal)));
        Assert.Equal(4, (await failures.ListAsync(StorageNames.AdEventsQueue, CancellationToken.None)).Count(f => f.Reason.Contains("clickId [stored-key-length]", StringComparison.Ordinal)));
    }

    private string Host => _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    /// <summary>Each passes every rule but the stored-key one: what poisoned other senders' events before it was checked.</summary>
    private static IEnumerable<Dictionary<string, object?>> HostileWebsiteItems(string run)
    {
        yield return Track(run + "-hostile-mid-" + new string('%', 180), run + "-victim");
        yield return Track(run + "-hostile-uid", new string('/', 200));
        var anonymous = Track(run + "-hostile-anon", null);
        anonymous["anonymousId"] = new string('#', 200);
        yield return anonymous;
        var alias = Track(run + "-hostile-alias", run + "-aliased");
        alias["type"] = "alias";
        alias["previousId"] = new string('?', 200);
        yield return alias;
        var order = Track(run + "-hostile-order", run + "-buyer");
        order["event"] = "Order Completed";
        order["properties"] = new { order_id = new string('\\', 200), total = 5 };
        yield return order;
        var utm = Track(run + "-hostile-utm", run + "-visitor");
        utm["context"] = new { campaign = new { source = new string('s', 600), name = "spring" } };
        yield return utm;
        yield return Track(run + "-over-limit-" + new string('#', (StoredKey.MaxLength - run.Length - 11) / 3 + 1), run + "-visitor");
    }

    private static Dictionary<string, object?> Track(string messageId, string? userId)
    {
        var item = new Dictionary<string, object?> { ["type"] = "track", ["messageId"] = messageId, ["event"] = "Viewed" };
        if (userId is not null)
        {
            item["userId"] = userId;
        }

        return item;
    }

    private static Task<HttpResponseMessage> PostBatchAsync(HttpClient http, IReadOnlyList<Dictionary<string, object?>> items)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { batch = items }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        return http.SendAsync(request);
    }

    /// <summary>Every stored event of the run (the table is scanned: message ids hold characters a filter would need escaped), once their count settles.</summary>
    private async Task<List<TableEntity>> WaitForRunAsync(string run, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        List<TableEntity> found;
        do
        {
            await Task.Delay(500);
            found = [];
            await foreach (var e in Storage.Table(StorageNames.EventsTable).QueryAsync<TableEntity>())
            {
                if ((e.GetString("MessageId") ?? string.Empty).StartsWith(run, StringComparison.Ordinal) || e.GetString("Campaign") == run
                    || (e.GetString("OrderId") ?? string.Empty).StartsWith(run, StringComparison.Ordinal))
                {
                    found.Add(e);
                }
            }
        }
        while (found.Count < expected && DateTime.UtcNow < deadline);

        await Task.Delay(1000);
        return found;
    }
}
