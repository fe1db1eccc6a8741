using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// The first report of an order counts. A later one with another amount or currency is kept in the failed-events
/// table with what differs, so an operator can see it; a true duplicate (the same figures) stays silent.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class OrderConflictTests(CaptureAppFixture fixture)
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task PurchaseEvents_WithSameOrderResentWithAnotherAmount_RecordsTheResendWithTheReasonAndKeepsTheFirst()
    {
        var orderId = SegmentClient.NewId("order");
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-conflict", amount = "40.00", currency = "USD" }));
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        var resend = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-conflict", amount = "45.00", currency = "USD" });

        var sent = await queue.SendMessageAsync(resend);

        var failed = await WaitForFailureAsync(StorageNames.PurchaseEventsQueue, sent.Value.MessageId);
        Assert.Equal(resend, failed.RawBody);
        Assert.StartsWith($"order {orderId} was already captured with amount 40.00 USD (reported by orders); this message says amount 45.00 USD.", failed.Reason, StringComparison.Ordinal);
        var stored = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("40.00", stored.GetString("Amount"));
    }

    [Fact]
    public async Task PurchaseEvents_WithSameOrderResentIdentically_RecordsNothing()
    {
        var orderId = SegmentClient.NewId("order");
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-resent", amount = 40.0, currency = "USD" });
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);
        await queue.SendMessageAsync(body);
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));

        // The same figures written differently (40 and "40.00", usd and USD) are the same order.
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-resent", amount = "40.00", currency = "usd" }));
        await Waiting.ForQueuesToDrainAsync(App.Storage, StoredEvents.Patience, StorageNames.PurchaseEventsQueue);

        var failures = await App.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.PurchaseEventsQueue, CancellationToken.None);
        Assert.DoesNotContain(failures, f => f.RawBody.Contains(orderId, StringComparison.Ordinal));
        Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
    }

    [Fact]
    public async Task PurchaseEvents_WithResendAgainstAClaimFromBeforeClaimsKeptFigures_ComparesWithTheStoredOrder()
    {
        var orderId = SegmentClient.NewId("order");
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-legacy", amount = 40, currency = "USD" }));
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        var orders = App.Storage.Table(StorageNames.OrdersTable);
        var claim = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.OrdersTable, StoredEvents.ByMessageId($"order_completed:{orderId}")));
        claim.Remove("Amount");
        claim.Remove("Currency");
        await orders.UpdateEntityAsync(claim, claim.ETag, TableUpdateMode.Replace);

        var sent = await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-legacy", amount = 41, currency = "USD" }));

        var failed = await WaitForFailureAsync(StorageNames.PurchaseEventsQueue, sent.Value.MessageId);
        Assert.StartsWith($"order {orderId} was already captured with amount 40 USD", failed.Reason, StringComparison.Ordinal);
    }

    /// <summary>Segment's libraries ignore a 200's body: the conflicting batch item is accepted and kept where an operator looks.</summary>
    [Fact]
    public async Task Batch_WithOrderTheOrderSystemReportedWithAnotherCurrency_Answers200AndRecordsTheItemWithTheReason()
    {
        var orderId = SegmentClient.NewId("order");
        var itemId = SegmentClient.NewId("conflicting-order");
        await App.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u-web", amount = 45, currency = "EUR" }));
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));

        using var response = await App.Http.PostAsync("/v1/batch", new
        {
            batch = new object[]
            {
                new { type = "page", userId = "u-web", name = "Thank you" },
                new { type = "track", messageId = itemId, userId = "u-web", @event = "Order Completed", properties = new { order_id = orderId, total = 45, currency = "USD" } },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = await WaitForFailureAsync(StorageNames.WebsiteEventsQueue, itemId);
        Assert.StartsWith($"order {orderId} was already captured with amount 45 EUR (reported by orders); this message says amount 45 USD.", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(itemId, failed.RawBody, StringComparison.Ordinal);
        var stored = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("EUR", stored.GetString("Currency"));
    }

    private async Task<FailedEvent> WaitForFailureAsync(string queue, string messageId)
    {
        var failures = App.Services.GetRequiredService<FailedEventStore>();
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (true)
        {
            var failed = (await failures.ListAsync(queue, CancellationToken.None)).SingleOrDefault(f => f.MessageId == messageId);
            if (failed is not null || DateTime.UtcNow > deadline)
            {
                Assert.NotNull(failed);
                return failed;
            }

            await Task.Delay(100);
        }
    }
}
