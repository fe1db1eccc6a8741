using System.Net;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// Input JSON lets be read two ways (a key twice in one object, an amount with more digits than it is kept with)
/// is refused on every path with the field and rule, and what was acknowledged alongside it is kept.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class AmbiguousInputTests(CaptureAppFixture fixture)
{
    public static TheoryData<string, string, string> Orders => new()
    {
        // the order's properties, field, rule
        { "\"order_id\":\"o-1\",\"total\":10,\"total\":1000", "properties.total", "duplicate-key" },
        { "\"order_id\":\"o-1\",\"total\":1e-30", "properties.total", "precision" },
        { "\"order_id\":\"o-1\",\"total\":\"0.1000000000000000000000000000001\"", "properties.total", "precision" },
    };

    public static TheoryData<string, string, string> Messages => new()
    {
        // queue, body, expected start of the reason
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"u\",\"amount\":5,\"amount\":500}", "amount [duplicate-key]" },
        { StorageNames.PurchaseEventsQueue, "{\"type\":\"order_completed\",\"orderId\":\"o\",\"userId\":\"u\",\"amount\":1e-30}", "amount [precision]" },
        { StorageNames.AdEventsQueue, "{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\",\"cost\":\"0.00000000000000000000000000001\"}", "cost [precision]" },
        { StorageNames.AdEventsQueue, "{\"batch\":[{\"type\":\"click\",\"channel\":\"c\",\"campaign\":\"k\"}],\"batch\":[]}", "batch [duplicate-key]" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Post_WithAmbiguousSingleEvent_Returns400InvalidEventNamingFieldAndRule(string properties, string field, string rule)
    {
        var body = "{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{" + properties + "}}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/track", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(Problems.TypePrefix + "invalid-event", problem.GetProperty("type").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal((field, rule), (error.GetProperty("field").GetString(), error.GetProperty("rule").GetString()));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Post_WithAmbiguousItemInsideBatch_RejectsItAloneAndRecordsItInFailedEvents(string properties, string field, string rule)
    {
        var good = SegmentClient.NewId("ambiguous-good");
        var bad = SegmentClient.NewId("ambiguous-bad");
        var body = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + good + "\",\"userId\":\"u-1\",\"event\":\"E\"},"
            + "{\"type\":\"track\",\"messageId\":\"" + bad + "\",\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{" + properties + "}}]}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rejected = Assert.Single((await response.JsonAsync()).GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Equal(rule, rejected.GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Single(await StoredEvents.WaitForAsync(fixture.App.Storage, StoredEvents.ByMessageId(good)));
        var failures = await fixture.App.Services.GetRequiredService<FailedEventStore>().ListAsync(SegmentCollector.RejectedBatchItems, CancellationToken.None);
        var failure = Assert.Single(failures, f => f.MessageId == bad);
        Assert.StartsWith($"batch[1] {field} [{rule}]: ", failure.Reason, StringComparison.Ordinal);
        Assert.Contains(properties, failure.RawBody, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Message_WithAmbiguousInput_EndsInFailedEventsWithReasonAndNothingStored(string queue, string body, string reasonStart)
    {
        var sent = await fixture.App.Storage.Queue(queue).SendMessageAsync(body);
        var failures = fixture.App.Services.GetRequiredService<FailedEventStore>();

        var failed = await FailedEvents.WaitForAsync(failures, queue, sent.Value.MessageId);

        Assert.NotNull(failed);
        Assert.Equal(body, failed.RawBody);
        Assert.StartsWith(reasonStart, failed.Reason, StringComparison.Ordinal);
        Assert.Empty(await StoredEvents.WhereAsync(fixture.App.Storage, StorageNames.EventsTable, Azure.Data.Tables.TableClient.CreateQueryFilter($"Payload eq {body}")));
    }
}
