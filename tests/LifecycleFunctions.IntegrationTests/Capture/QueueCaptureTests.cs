using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Capture;

[Collection(CaptureCollection.Name)]
public sealed class QueueCaptureTests(CaptureAppFixture fixture)
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task AdEvents_WithImpressionAndClick_StoresBoth()
    {
        var anonymousId = SegmentClient.NewId("anon");
        var clickId = SegmentClient.NewId("gclid");
        var queue = App.Storage.Queue(StorageNames.AdEventsQueue);

        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "impression", channel = "google-ads", campaign = "spring", ad = "banner-a", cost = 0.002, count = 1, anonymousId }));
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "click", channel = "google-ads", campaign = "spring", ad = "banner-a", cost = "0.42", currency = "usd", clickId, anonymousId }));

        var stored = await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByPerson("a:" + anonymousId), expected: 2);
        Assert.Equal(["ad_click", "ad_impression"], stored.Select(e => e.GetString("Type")).Order());
        var click = stored.Single(e => e.GetString("Type") == "ad_click");
        Assert.Equal("0.42", click.GetString("Cost"));
        Assert.Equal("USD", click.GetString("Currency"));
        Assert.Equal(clickId, click.GetString("ClickId"));
        Assert.Equal("spring", click.GetString("Campaign"));
        Assert.Equal("ads", click.GetString("Source"));
    }

    /// <summary>Hourly reports of the same figures, without ids of their own, are separate reports (each message its own id).</summary>
    [Fact]
    public async Task AdEvents_WithTwoIdenticalImpressionReportsWithoutIds_StoresBoth()
    {
        var campaign = SegmentClient.NewId("hourly");
        var body = JsonSerializer.Serialize(new { type = "impression", channel = "google-ads", campaign, count = 1000, cost = 12.5 });
        var queue = App.Storage.Queue(StorageNames.AdEventsQueue);

        await queue.SendMessageAsync(body);
        await queue.SendMessageAsync(body);

        var stored = await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"Campaign eq {campaign}"), expected: 2);
        Assert.Equal(2, stored.Count);
    }

    [Fact]
    public async Task PurchaseEvents_WithOrderCompleted_StoresExactAmount()
    {
        var orderId = SegmentClient.NewId("order");
        var body = JsonSerializer.Serialize(new
        {
            type = "order_completed",
            orderId,
            userId = "buyer-1",
            email = "buyer@example.com",
            amount = 59.90m,
            currency = "EUR",
            items = new[] { new { sku = "CD-1", name = "Kind of Blue", quantity = 2, price = 29.95m } },
            timestamp = "1997-01-12T00:00:00Z",
        });

        await App.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(body);

        var stored = Assert.Single(await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("59.90", stored.GetString("Amount"));
        Assert.Equal("EUR", stored.GetString("Currency"));
        Assert.Equal(new DateTimeOffset(1997, 1, 12, 0, 0, 0, TimeSpan.Zero), stored.GetDateTimeOffset("OccurredAt"));
        Assert.Equal("u:buyer-1", stored.GetString("PersonKey"));
        Assert.Equal("order_completed:" + orderId, stored.RowKey);
    }

    /// <summary>An order of hundreds of items is longer than a string property may be; its neighbour shares the transaction.</summary>
    [Fact]
    public async Task PurchaseEvents_WithOrderTooLongForAStringProperty_StoresItCompressedAndItsNeighbourToo()
    {
        var user = SegmentClient.NewId("big-basket");
        var big = SegmentClient.NewId("order");
        var small = SegmentClient.NewId("order");
        var items = Enumerable.Range(0, 700).Select(i => new { sku = $"SKU-{i:D5}", name = "Kind of Blue (remaster)", quantity = 1, price = 1m }).ToArray();
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId = big, userId = user, amount = 700m, items });
        Assert.True(body.Length > EventEntityMapper.MaxPayloadChars);
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);

        await Task.WhenAll(
            queue.SendMessageAsync(body),
            queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId = small, userId = user, amount = 7m })));

        var stored = await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByPerson("u:" + user), expected: 2);
        var bigRow = Assert.Single(stored, e => e.GetString("OrderId") == big);
        Assert.Null(bigRow.GetString("Payload"));
        Assert.Equal(body, EventEntityMapper.FromEntity(bigRow).Payload);
        Assert.Equal("{", EventEntityMapper.FromEntity(Assert.Single(stored, e => e.GetString("OrderId") == small)).Payload[..1]);
    }

    [Fact]
    public async Task PurchaseEvents_WithBatchMessage_StoresValidOrdersAndRecordsTheInvalidOneByIndex()
    {
        var orders = Enumerable.Range(0, 3).Select(_ => SegmentClient.NewId("batch-order")).ToArray();
        var body = JsonSerializer.Serialize(new
        {
            batch = new object[]
            {
                new { type = "order_completed", orderId = orders[0], userId = "bulk", amount = 10 },
                new { type = "order_completed", orderId = orders[1], userId = "bulk" },
                new { type = "order_refunded", orderId = orders[2], userId = "bulk", amount = 3 },
            },
        });

        var sent = await App.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(body);

        Assert.Single(await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orders[0]}")));
        Assert.Single(await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orders[2]}")));
        Assert.Empty(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orders[1]}")));
        var failed = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.FailedEventsTable, TableClient.CreateQueryFilter($"MessageId eq {sent.Value.MessageId + ":1"}")));
        Assert.StartsWith("batch[1] amount [required]", failed.GetString("Reason"), StringComparison.Ordinal);
        Assert.Contains(orders[1], failed.GetString("RawBody"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurchaseEvents_WithSameMessageDeliveredTwice_StoresOnce()
    {
        var orderId = SegmentClient.NewId("order");
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "twice", amount = 10 });
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);

        await queue.SendMessageAsync(body);
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        await queue.SendMessageAsync(body);
        await WaitForCompletedAsync(StorageNames.PurchaseEventsQueue);

        Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
    }

    [Fact]
    public async Task PurchaseEvents_WithOrderRefundedInTwoParts_StoresBothRefundsAndTheSameRefundOnce()
    {
        var orderId = SegmentClient.NewId("order");
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);

        // The website reports the first part too; the order system's report of it is the same refund.
        using var response = await App.Http.PostAsync("/v1/track", new
        {
            userId = "refunded-twice",
            @event = "Order Refunded",
            properties = new { order_id = orderId, total = 30 },
        });
        Assert.True(response.IsSuccessStatusCode);
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_refunded", orderId, userId = "refunded-twice", amount = 30 }));
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_refunded", orderId, userId = "refunded-twice", amount = 70 }));
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"), expected: 2);
        await WaitForCompletedAsync(StorageNames.PurchaseEventsQueue);

        var stored = await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        Assert.Equal(["30", "70"], stored.Select(e => e.GetString("Amount")).Order());
        Assert.Equal("website", stored.Single(e => e.GetString("Amount") == "30").GetString("Source"));
    }

    [Fact]
    public async Task Purchases_WithSameOrderFromWebsiteAndOrderSystem_StoresOnePurchase()
    {
        var orderId = SegmentClient.NewId("order");

        // The website reports the order under the visitor's anonymous id; the order system under the user id.
        using var response = await App.Http.PostAsync("/v1/track", new
        {
            anonymousId = SegmentClient.NewId("anon"),
            @event = "Order Completed",
            properties = new { order_id = orderId, total = 42.5, currency = "USD" },
        });
        Assert.True(response.IsSuccessStatusCode);
        await StoredEvents.WaitForAsync(App.Storage, TableClient.CreateQueryFilter($"OrderId eq {orderId}"));
        await App.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "known-user", amount = 42.5 }));
        await WaitForCompletedAsync(StorageNames.PurchaseEventsQueue);

        var stored = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("website", stored.GetString("Source"));
        Assert.Equal("order_completed", stored.GetString("Type"));
    }

    [Fact]
    public async Task WebsiteEvents_WithEventTooLargeForAQueueMessage_TravelsThroughBlobAndIsStored()
    {
        var messageId = SegmentClient.NewId("overflow");
        var noise = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000));
        var recorder = new RequestRecorder();
        var storage = new StorageClients(App.Services.GetRequiredService<IOptions<StorageOptions>>().Value, recorder);
        var queue = new WebsiteEventQueue(storage, TimeProvider.System) { MaxMessageBytes = 2048 };
        var captured = new LifecycleFunctions.Domain.Capture.CapturedEvent
        {
            MessageId = messageId,
            Type = "track",
            Source = "website",
            EventName = "Big",
            UserId = "overflow-user",
            Timestamp = TestApp.Now,
            ReceivedAt = TestApp.Now,
            Payload = JsonSerializer.Serialize(new { notes = noise }),
        };
        Assert.True(Assert.Single(QueueMessageChunker.Pack([captured], queue.MaxMessageBytes)).Oversized);

        await queue.EnqueueAsync([captured], CancellationToken.None);

        // The event went up as a blob and the queue carried only a pointer to it.
        Assert.Single(recorder.Requests, r => r.StartsWith($"PUT {AzuriteAccount}/{StorageNames.OverflowContainer}/", StringComparison.Ordinal));
        Assert.Single(recorder.Requests, r => r == $"POST /{AzuriteAccount}/{StorageNames.WebsiteEventsQueue}/messages");

        var stored = Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
        using (var payload = JsonDocument.Parse(stored.GetString("Payload")))
        {
            Assert.Equal(noise, payload.RootElement.GetProperty("notes").GetString());
        }

        var blobs = new List<string>();
        await foreach (var blob in App.Storage.Container(StorageNames.OverflowContainer).GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Assert.Empty(blobs);
    }

    private const string AzuriteAccount = "devstoreaccount1";

    // The listener deletes a message only after storing it, so a drained queue means the work is done.
    private Task WaitForCompletedAsync(string queue) => Waiting.ForQueuesToDrainAsync(App.Storage, StoredEvents.Patience, queue);
}
