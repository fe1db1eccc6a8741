using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using Microsoft.Extensions.DependencyInjection;

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
        FlakyEventStore? store = null;
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
        Assert.Empty(await StoredEvents.WhereAsync(app.Storage, StorageNames.FailedEventsTable, "PartitionKey ne ''"));
    }

    [Fact]
    public async Task Message_WhoseStoreFailsTwiceThenRecovers_IsStoredOnce()
    {
        FlakyEventStore? store = null;
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

    private Task<TestApp> StartAsync(int failures, Action<FlakyEventStore> created) => TestApp.StartAsync(
        azurite.ConnectionString,
        services =>
        {
            services.AddSingleton<TableEventStore>();
            services.AddSingleton<IEventStore>(sp =>
            {
                var store = new FlakyEventStore(sp.GetRequiredService<TableEventStore>(), failures);
                created(store);
                return store;
            });
        },
        new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3" });
}
