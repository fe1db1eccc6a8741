using System.Text;
using Azure.Data.Tables;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// With host.json's messageEncoding base64 (the Functions default), a message's bytes may decode to anything:
/// bytes that are not UTF-8 are refused with rule utf-8 and kept as sent, not stored with U+FFFD in their place.
/// The class has an Azurite and an app of its own, as it needs another message encoding.
/// </summary>
public sealed class Utf8QueueMessageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Base64Message_WhoseBytesAreNotUtf8_EndsInFailedEventsWithRuleUtf8AndItsBytes()
    {
        await using var app = await TestApp.StartAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:messageEncoding"] = "base64" });
        var orderId = SegmentClient.NewId("utf8");
        var good = Encoding.UTF8.GetBytes("{\"type\":\"order_completed\",\"orderId\":\"" + orderId + "-ok\",\"userId\":\"u\",\"amount\":5}");
        var bad = Encoding.Latin1.GetBytes("{\"type\":\"order_completed\",\"orderId\":\"" + orderId + "-caf\xe9\",\"userId\":\"u\",\"amount\":5}");
        var queue = app.Storage.Queue(StorageNames.PurchaseEventsQueue);

        var sent = await queue.SendMessageAsync(Convert.ToBase64String(bad));
        await queue.SendMessageAsync(Convert.ToBase64String(good));

        await StoredEvents.WaitForAsync(app.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId + "-ok"}"));
        var rows = await StoredEvents.WaitForAsync(
            app.Storage,
            TableClient.CreateQueryFilter($"PartitionKey eq {StorageNames.PurchaseEventsQueue} and MessageId eq {sent.Value.MessageId}"),
            table: StorageNames.FailedEventsTable);
        var row = Assert.Single(rows);
        Assert.StartsWith("orderId [utf-8]: ", row.GetString("Reason"), StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String(bad), row.GetString("RawBase64"));
        Assert.Empty(await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId + "-caf\u00e9"}")));
        Assert.Empty(await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId + "-caf\ufffd"}")));
        Assert.Equal(0, (await app.Storage.Queue(StorageNames.PoisonQueue(StorageNames.PurchaseEventsQueue)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
