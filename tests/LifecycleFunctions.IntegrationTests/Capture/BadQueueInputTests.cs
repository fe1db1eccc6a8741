using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>A queue message that can never be processed ends in the failed-events table with its raw body and the reason.</summary>
[Collection(CaptureCollection.Name)]
public sealed class BadQueueInputTests(CaptureAppFixture fixture)
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // queue, body, expected start of the reason
        { StorageNames.AdEventsQueue, "impression at noon", "$ [json]" },
        { StorageNames.AdEventsQueue, "[{\"type\":\"click\"}]", "$ [type:object]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"view\",\"channel\":\"c\",\"campaign\":\"k\"}", "type [one-of]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"campaign\":\"k\"}", "channel [required]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"\\ud800\",\"campaign\":\"k\"}", "channel [unicode]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o-\\udc00\",\"userId\":\"u\",\"amount\":1}", "orderId [unicode]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\"}", "campaign [required]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\",\"cost\":-1}", "cost [non-negative]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\",\"cost\":true}", "cost [type:number]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\",\"count\":3}", "count [click-count]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"impression\",\"channel\":\"c\",\"campaign\":\"k\",\"timestamp\":\"noon\"}", "timestamp [iso-8601]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"userId\":\"u\",\"amount\":5}", "orderId [required]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_placed\",\"orderId\":\"o\",\"userId\":\"u\"}", "type [one-of]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"amount\":5}", "userId [required-one-of]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"u\"}", "amount [required]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"u\",\"amount\":\"lots\"}", "amount [type:number]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"u\",\"amount\":5,\"items\":[{\"sku\":\"a\",\"quantity\":0}]}", "items[0].quantity [positive-integer]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_refunded\",\"orderId\":\"o\",\"userId\":\"u\",\"timestamp\":\"31/12/2026\"}", "timestamp [iso-8601]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"u\",\"amount\":5,\"currency\":\"euro\"}", "currency [max-length]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o-1500\",\"userId\":\"u\",\"amount\":5,\"timestamp\":\"1500-06-01T00:00:00Z\"}", "timestamp [before-1601]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\",\"timestamp\":\"2099-01-01T00:00:00Z\"}", "timestamp [future]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_refunded\",\"orderId\":\"o\",\"userId\":\"u\",\"refundId\":\"" + new string('#', 200) + "\"}", "refundId [stored-key-length]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"" + new string('/', 200) + "\",\"amount\":1}", "userId [stored-key-length]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\",\"clickId\":\"" + new string('%', 200) + "\"}", "clickId [stored-key-length]" },
        { StorageNames.PurchaseEventsQueue, "{\"batch\":{\"orderId\":\"o\"}}", "batch [type:array]" },
        { StorageNames.PurchaseEventsQueue, "{\"batch\":[]}", "batch [type:array]" },
        { StorageNames.WebsiteEventsQueue, "not written by the collector", "Not a website-events message" },
        { StorageNames.WebsiteEventsQueue, "{\"encoding\":\"brotli\",\"data\":\"AAAA\"}", "Not a website-events message: Unknown website-events message encoding" },
        { StorageNames.WebsiteEventsQueue, "{\"encoding\":\"gzip\",\"data\":\"not base64!\"}", "Not a website-events message: The website-events message data is not base64" },
        { StorageNames.WebsiteEventsQueue, "{\"hello\":\"world\"}", "Not a website-events message: The website-events message holds no events" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Message_ThatCanNeverBeProcessed_EndsInFailedEventsWithReason(string queue, string body, string reasonStart)
    {
        var sent = await fixture.App.Storage.Queue(queue).SendMessageAsync(body);
        var failures = fixture.App.Services.GetRequiredService<FailedEventStore>();

        var failed = await FailedEvents.WaitForAsync(failures, queue, sent.Value.MessageId);

        Assert.NotNull(failed);
        Assert.Equal(body, failed.RawBody);
        Assert.StartsWith(reasonStart, failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.App.Storage.Queue(StorageNames.PoisonQueue(queue)).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
