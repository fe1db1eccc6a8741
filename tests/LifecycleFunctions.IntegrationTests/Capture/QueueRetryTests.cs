using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// Transient failures: the message is retried after visibilityTimeout and lands once storage recovers, or,
/// if it never does, goes to the poison queue after maxDequeueCount attempts. The class has an Azurite
/// of its own and its tests run one after another, each with its own app, so a failing store never takes
/// another test's messages.
/// </summary>
public sealed class QueueRetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Message_WhoseStoreKeepsFailing_EndsInPoisonQueueAfterMaxDequeueCount()
    {
        FaultyEventStore? store = null;
        await using var app = await StartAsync(int.MaxValue, s => store = s);
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId = "never-stored", userId = "u", amount = 1 });

        await app.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(body);

        var poison = app.Storage.Queue(StorageNames.PoisonQueue(StorageNames.PurchaseEventsQueue));
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        Azure.Storage.Queues.Models.PeekedMessage[] peeked = [];
        while (peeked.Length == 0 && DateTime.UtcNow < deadline)
        {
            peeked = (await poison.PeekMessagesAsync(5)).Value;
            await Task.Delay(100);
        }

        Assert.Equal(body, Assert.Single(peeked).Body.ToString());
        Assert.Equal(3, store!.Calls);
        Assert.Equal(0, (await app.Storage.Queue(StorageNames.PurchaseEventsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var failure = Assert.Single(await app.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.PurchaseEventsQueue, CancellationToken.None), f => f.RawBody == body);
        Assert.StartsWith("Poisoned: CapturePurchaseEvent failed on each of 3 attempts; last: RequestFailedException: Server busy", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_WhoseStoreFailsTwiceThenRecovers_IsStoredOnce()
    {
        FaultyEventStore? store = null;
        await using var app = await StartAsync(2, s => store = s);
        var orderId = SegmentClient.NewId("retry");

        await app.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u", amount = 12.5 }));

        var stored = Assert.Single(await StoredEvents.WaitForAsync(app.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("12.5", stored.GetString("Amount"));
        Assert.Equal(3, store!.Calls);
        var metrics = app.Services.GetRequiredService<QueueListenerMetrics>().For(StorageNames.PurchaseEventsQueue);
        Assert.Equal(2, metrics.FailedAttempts);
        Assert.Equal(0, metrics.Poisoned);
    }

    [Fact]
    public async Task Message_WhoseFunctionRunsLongerThanItsLease_IsRenewedAndCompletedOnce()
    {
        FaultyEventStore? store = null;
        await using var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            services =>
            {
                services.AddSingleton<TableEventStore>();
                services.AddSingleton<IEventStore>(sp => store = new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), delay: TimeSpan.FromSeconds(7)));
            },
            new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
                // Renewed every 1.5 s: the slack a loaded CI machine needs for each renewal to reach Azurite.
                ["AzureFunctionsJobHost:extensions:queues:processingLease"] = "00:00:03",
            });
        var orderId = SegmentClient.NewId("slow");

        await app.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u", amount = 3 }));

        Assert.Single(await StoredEvents.WaitForAsync(app.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        var metrics = app.Services.GetRequiredService<QueueListenerMetrics>().For(StorageNames.PurchaseEventsQueue);
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (metrics.Completed == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Without renewal the message comes back after 3 s: a second receiver runs it again, and the first
        // one's delete fails, counted as a failed attempt (and, at maxDequeueCount 2, poisoned).
        Assert.Equal((1L, 0L, 0L), (metrics.Completed, metrics.FailedAttempts, metrics.Poisoned));
        Assert.Equal(1, store!.Calls);
    }

    [Fact]
    public async Task Message_InFlightWhenTheAppStops_IsReleasedAtOnceForAnotherInstance()
    {
        FaultyEventStore? store = null;
        var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            services =>
            {
                services.AddSingleton<TableEventStore>();
                services.AddSingleton<IEventStore>(sp => store = new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), delay: TimeSpan.FromMinutes(5)));
            },
            new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:processingLease"] = "00:05:00" });
        var queue = app.Storage.Queue(StorageNames.PurchaseEventsQueue);
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId = SegmentClient.NewId("stopping"), userId = "u", amount = 4 });
        await queue.SendMessageAsync(body);
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while ((store is null || store.Calls == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(store is { Calls: 1 }, "The function never started on the message.");
        await app.DisposeAsync();

        // Without the release it stays hidden for the rest of its 5-minute lease.
        var released = Assert.Single((await queue.ReceiveMessagesAsync(5)).Value);
        await queue.DeleteMessageAsync(released.MessageId, released.PopReceipt);
        Assert.Equal(body, released.Body.ToString());
        Assert.Equal(2, released.DequeueCount);
    }

    [Fact]
    public async Task Message_WhoseLeaseRenewalMeetsABriefOutage_StaysHiddenAndIsHandledOnce()
    {
        var outage = new StorageOutage();
        FaultyEventStore? store = null;
        await using var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            services =>
            {
                services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage));
                services.AddSingleton<TableEventStore>();
                services.AddSingleton<IEventStore>(sp => store = new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), delay: TimeSpan.FromSeconds(14)));
            },
            new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3",

                // Renewed every 2 s: the renewal at 2 s falls in the outage, the one at 4 s after it.
                ["AzureFunctionsJobHost:extensions:queues:processingLease"] = "00:00:06",
            });
        var sender = new StorageClients(azurite.ConnectionString);
        var orderId = SegmentClient.NewId("renewed");
        await WaitForTheTimerToSettleAsync(sender);

        await sender.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u", amount = 5 }));
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while ((store is null || store.Calls == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(store is { Calls: 1 }, "The function never started on the message.");
        outage.Arm(writesBeforeOutage: 0);
        await Task.Delay(TimeSpan.FromSeconds(3));
        outage.Disarm();

        Assert.Single(await StoredEvents.WaitForAsync(sender, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        var metrics = app.Services.GetRequiredService<QueueListenerMetrics>().For(StorageNames.PurchaseEventsQueue);
        while (metrics.Completed == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // A renewal given up at the first failure lets the message out at 6 s, while the first run still works.
        Assert.Equal((1L, 0L), (metrics.Completed, metrics.FailedAttempts));
        Assert.Equal(1, store!.Calls);
    }

    [Fact]
    public async Task Message_InFlightWhenTheAppStopsDuringAnOutage_IsVisibleAgainWhenItsLeaseEnds()
    {
        // The app cannot release the message (storage is gone), as a killed process cannot: the lease ends it.
        var outage = new StorageOutage();
        FaultyEventStore? store = null;
        var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            services =>
            {
                services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage));
                services.AddSingleton<TableEventStore>();
                services.AddSingleton<IEventStore>(sp => store = new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), delay: TimeSpan.FromMinutes(5)));
            },
            new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:processingLease"] = "00:00:03" });
        var queue = new StorageClients(azurite.ConnectionString).Queue(StorageNames.PurchaseEventsQueue);
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId = SegmentClient.NewId("unreleased"), userId = "u", amount = 6 });
        await queue.SendMessageAsync(body);
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while ((store is null || store.Calls == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(store is { Calls: 1 }, "The function never started on the message.");
        outage.Arm(writesBeforeOutage: 0);
        await app.DisposeAsync();

        Azure.Storage.Queues.Models.QueueMessage[] back = [];
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (back.Length == 0 && DateTime.UtcNow < deadline)
        {
            back = (await queue.ReceiveMessagesAsync(5)).Value;
            await Task.Delay(200);
        }

        var message = Assert.Single(back);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Assert.Equal(body, message.Body.ToString());
        Assert.Equal(2, message.DequeueCount);
    }

    [Fact]
    public async Task QueueListeners_DuringAStorageOutage_WarnOnceEachWithoutAStackAndSayWhenStorageIsBack()
    {
        var outage = new StorageOutage();
        using var log = new RecordingLogger();
        await using var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            services =>
            {
                services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage));
                services.AddSingleton<ILoggerProvider>(log);
            },
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });
        await WaitForTheTimerToSettleAsync(new StorageClients(azurite.ConnectionString));
        var before = log.Entries.Count;

        // Every listener polls every 250 ms at most (maxPollingInterval): a dozen failed polls each.
        outage.Arm(writesBeforeOutage: 0);

        // The outage starts at the first write refused; reads fail from then on too.
        await Assert.ThrowsAsync<StorageOutageException>(() => app.Storage.Queue(StorageNames.AdEventsQueue).SendMessageAsync("{}"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        outage.Disarm();
        var listeners = app.Services.GetServices<IHostedService>().OfType<QueueTriggerListener>().Count();
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (log.Entries.Skip(before).Count(e => e.Message.Contains("storage reachable again", StringComparison.Ordinal)) < listeners && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var entries = log.Entries.Skip(before).Where(e => e.Category == typeof(QueueTriggerListener).FullName).ToList();
        var warnings = entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(listeners >= 3, $"Only {listeners} queue listeners ran.");
        Assert.Equal(listeners, warnings.Count);
        Assert.All(warnings, w => Assert.True(w.Exception is null && w.Message.Length < 400 && w.Message.Contains("storage unreachable (StorageOutageException: Storage is gone", StringComparison.Ordinal), w.Message));
        Assert.Equal(listeners, entries.Count(e => e.Level == LogLevel.Information && e.Message.Contains("storage reachable again after", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Message_WhoseEventInsertFailsAfterItsOrderClaimLanded_IsStoredOnceOnRetry()
    {
        // The process dies between claiming the order and storing its event: the retry finds its own claim.
        var outage = new StorageOutage();
        await using var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            services => services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage)),
            new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3",

                // A dead process cannot release its message: it comes back when the lease ends.
                ["AzureFunctionsJobHost:extensions:queues:processingLease"] = "00:00:02",
            });
        var sender = new StorageClients(azurite.ConnectionString);
        var orderId = SegmentClient.NewId("claimed");

        await WaitForTheTimerToSettleAsync(sender);
        outage.Arm(writesBeforeOutage: 1);
        await sender.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u", amount = 7 }));
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (!outage.Tripped && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(outage.Tripped, "The capture never wrote past its order claim.");
        var claims = await StoredEvents.WhereAsync(sender, StorageNames.OrdersTable, TableClient.CreateQueryFilter($"MessageId eq {"order_completed:" + orderId}"));
        Assert.True(claims.Count == 1, $"Expected the order claim to land and the event to be refused; landed {outage.Landed}, first refused {outage.FirstRefused}.");
        Assert.Empty(await StoredEvents.WhereAsync(sender, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        outage.Disarm();

        var stored = Assert.Single(await StoredEvents.WaitForAsync(sender, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("7", stored.GetString("Amount"));
        Assert.Equal(0, app.Services.GetRequiredService<QueueListenerMetrics>().For(StorageNames.PurchaseEventsQueue).Poisoned);
    }

    [Theory]
    [InlineData(16, true)]
    [InlineData(0, false)]
    public async Task Order_WhoseClaimOutlivedItsOwnersEvent_IsStoredByTheNextReportOnlyOnceTheClaimIsAbandoned(int minutesLater, bool stored)
    {
        // A claim whose owner's event never landed: the owner was poisoned after claiming (here: its event row
        // removed by the test). The same order then comes again in a new message, as a replay on a later day or
        // the order system's resend does.
        await using var app = await StartAsync(0, _ => { });
        var orderId = SegmentClient.NewId("abandoned");
        var queue = app.Storage.Queue(StorageNames.PurchaseEventsQueue);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", messageId = "first-" + orderId, orderId, userId = "u", amount = 7 }));
        var first = Assert.Single(await StoredEvents.WaitForAsync(app.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        await app.Storage.Table(StorageNames.EventsTable).DeleteEntityAsync(first.PartitionKey, first.RowKey);
        var metrics = app.Services.GetRequiredService<QueueListenerMetrics>().For(StorageNames.PurchaseEventsQueue);
        var completed = metrics.Completed;

        app.Time.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(minutesLater));
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", messageId = "second-" + orderId, orderId, userId = "u", amount = 7 }));
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (metrics.Completed == completed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // A fresh claim may be a live capture between its claim and its event: the report is its duplicate.
        Assert.Equal(completed + 1, metrics.Completed);
        var events = await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        Assert.Equal(stored ? ["second-" + orderId] : [], events.Select(e => e.GetString("MessageId")));
    }

    private Task<TestApp> StartAsync(int failures, Action<FaultyEventStore> created) => TestApp.StartAsync(
        azurite.ConnectionString,
        services =>
        {
            services.AddSingleton<TableEventStore>();
            services.AddSingleton<IEventStore>(sp =>
            {
                var store = new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), failures);
                created(store);
                return store;
            });
        },
        new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3" });

    /// <summary>The timer writes its schedule status once at start; after that the next write is the capture's.</summary>
    private static async Task WaitForTheTimerToSettleAsync(StorageClients storage)
    {
        var schedule = storage.Container(StorageNames.LifecycleContainer).GetBlobClient("schedule/RecomputeLifecycle.json");
        var settle = DateTime.UtcNow + StoredEvents.Patience;
        while (!(await schedule.ExistsAsync()).Value && DateTime.UtcNow < settle)
        {
            await Task.Delay(50);
        }
    }
}
