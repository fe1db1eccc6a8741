using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>Every way a sender can get it wrong over HTTP gets its own status, problem type, field and rule.</summary>
[Collection(CaptureCollection.Name)]
public sealed class BadHttpInputTests(CaptureAppFixture fixture)
{
    private const string Valid = "\"userId\":\"u-1\",\"event\":\"E\"";

    public static TheoryData<string, string, string, int, string, string?, string?> Cases => new()
    {
        // name, path, body, status, problem type, field, rule
        { "malformed json", "/v1/track", "{\"userId\":", 400, "malformed-json", null, null },
        { "array body", "/v1/track", "[1,2]", 400, "malformed-json", null, null },
        { "empty body", "/v1/track", "", 400, "malformed-json", null, null },
        { "track without event", "/v1/track", "{\"userId\":\"u-1\"}", 400, "invalid-event", "event", "required" },
        { "no identity", "/v1/track", "{\"event\":\"E\"}", 400, "invalid-event", "userId", "required-one-of" },
        { "userId an unpaired surrogate", "/v1/track", "{\"userId\":\"\\ud800\",\"event\":\"E\"}", 400, "invalid-event", "userId", "unicode" },
        { "timestamp an unpaired surrogate", "/v1/track", "{" + Valid + ",\"timestamp\":\"\\udc00\"}", 400, "invalid-event", "timestamp", "unicode" },
        { "batch sentAt an unpaired surrogate", "/v1/batch", "{\"sentAt\":\"\\ud800\",\"batch\":[{\"type\":\"track\"," + Valid + "}]}", 400, "invalid-event", "sentAt", "unicode" },
        { "userId object", "/v1/track", "{\"userId\":{\"id\":1},\"event\":\"E\"}", 400, "invalid-event", "userId", "type:string" },
        { "bad timestamp", "/v1/track", "{" + Valid + ",\"timestamp\":\"last tuesday\"}", 400, "invalid-event", "timestamp", "iso-8601" },
        { "bad sentAt", "/v1/track", "{" + Valid + ",\"sentAt\":12345}", 400, "invalid-event", "sentAt", "iso-8601" },
        { "timestamp before 1601", "/v1/track", "{" + Valid + ",\"timestamp\":\"1500-01-01T00:00:00Z\"}", 400, "invalid-event", "timestamp", "before-1601" },
        { "timestamp years ahead", "/v1/track", "{" + Valid + ",\"timestamp\":\"2099-01-01T00:00:00Z\"}", 400, "invalid-event", "timestamp", "future" },
        { "sentAt decades behind timestamp", "/v1/track", "{" + Valid + ",\"timestamp\":\"2026-01-01T00:00:00Z\",\"sentAt\":\"1990-01-01T00:00:00Z\"}", 400, "invalid-event", "timestamp", "future" },
        { "timestamp and sentAt at the ends of time", "/v1/track", "{" + Valid + ",\"timestamp\":\"0001-01-01T00:00:00Z\",\"sentAt\":\"9999-12-31T00:00:00Z\"}", 400, "invalid-event", "timestamp", "before-1601" },
        { "properties string", "/v1/track", "{" + Valid + ",\"properties\":\"plan=pro\"}", 400, "invalid-event", "properties", "type:object" },
        { "traits array", "/v1/identify", "{\"userId\":\"u-1\",\"traits\":[\"vip\"]}", 400, "invalid-event", "traits", "type:object" },
        { "context number", "/v1/page", "{\"userId\":\"u-1\",\"context\":7}", 400, "invalid-event", "context", "type:object" },
        { "messageId too long", "/v1/track", "{" + Valid + ",\"messageId\":\"" + new string('m', 300) + "\"}", 400, "invalid-event", "messageId", "max-length" },
        { "messageId escaping past the key limit", "/v1/track", "{" + Valid + ",\"messageId\":\"" + new string('%', 200) + "\"}", 400, "invalid-event", "messageId", "stored-key-length" },
        { "userId of slashes", "/v1/track", "{\"userId\":\"" + new string('/', 200) + "\",\"event\":\"E\"}", 400, "invalid-event", "userId", "stored-key-length" },
        { "anonymousId of hashes", "/v1/page", "{\"anonymousId\":\"" + new string('#', 200) + "\"}", 400, "invalid-event", "anonymousId", "stored-key-length" },
        { "alias previousId of question marks", "/v1/alias", "{\"userId\":\"u-1\",\"previousId\":\"" + new string('?', 200) + "\"}", 400, "invalid-event", "previousId", "stored-key-length" },
        { "order_id of backslashes", "/v1/track", "{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"" + string.Concat(Enumerable.Repeat("\\\\", 200)) + "\",\"total\":1}}", 400, "invalid-event", "properties.order_id", "stored-key-length" },
        { "event name too long", "/v1/track", "{\"userId\":\"u-1\",\"event\":\"" + new string('e', 201) + "\"}", 400, "invalid-event", "event", "max-length" },
        { "alias without previousId", "/v1/alias", "{\"userId\":\"u-1\"}", 400, "invalid-event", "previousId", "required" },
        { "alias without userId", "/v1/alias", "{\"previousId\":\"anon-1\"}", 400, "invalid-event", "userId", "required" },
        { "group without groupId", "/v1/group", "{\"userId\":\"u-1\"}", 400, "invalid-event", "groupId", "required" },
        { "order without order_id", "/v1/track", "{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"total\":10}}", 400, "invalid-event", "properties.order_id", "required" },
        { "order negative total", "/v1/track", "{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o1\",\"total\":-5}}", 400, "invalid-event", "properties.total", "non-negative" },
        { "order without total", "/v1/track", "{\"userId\":\"u-1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o1\"}}", 400, "invalid-event", "properties.total", "required" },
        { "batch not array", "/v1/batch", "{\"batch\":{\"type\":\"track\"}}", 400, "invalid-event", "batch", "type:array" },
        { "batch missing", "/v1/batch", "{\"events\":[]}", 400, "invalid-event", "batch", "required" },
        { "batch bad sentAt", "/v1/batch", "{\"sentAt\":\"soon\",\"batch\":[{\"type\":\"track\"," + Valid + "}]}", 400, "invalid-event", "sentAt", "iso-8601" },
        { "batch empty", "/v1/batch", "{\"batch\":[]}", 400, "empty-batch", null, null },
        { "batch all invalid", "/v1/batch", "{\"batch\":[42,{\"type\":\"bogus\",\"userId\":\"u\"}]}", 400, "invalid-batch", null, null },
        { "unknown call", "/v1/purchase", "{" + Valid + "}", 404, "unknown-call", null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_WithBadInput_ReturnsSpecificProblem(string name, string path, string body, int status, string type, string? field, string? rule)
    {
        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post(path, body));

        Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AssertProblemAsync(response, type, field, rule);
    }

    [Fact]
    public async Task Post_WithoutWriteKey_Returns401()
    {
        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/track", "{" + Valid + "}", writeKey: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await AssertProblemAsync(response, "write-key", null, null);
        Assert.Contains("Basic", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithUnknownWriteKey_Returns401()
    {
        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/track", "{" + Valid + "}", writeKey: "stolen-or-stale"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response, "write-key", null, null);
    }

    [Fact]
    public async Task Post_WithBearerAndNoWriteKeyInTheBody_Returns401()
    {
        using var request = SegmentClient.Post("/v1/track", "{" + Valid + "}", writeKey: null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");

        using var response = await fixture.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response, "write-key", null, null);
    }

    [Fact]
    public async Task Post_WithUnknownWriteKeyInBody_Returns401()
    {
        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/track", "{\"writeKey\":\"nope\"," + Valid + "}", writeKey: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithBatchOver500KB_Returns413()
    {
        var filler = new string('x', 1000);
        var events = Enumerable.Range(0, 520).Select(i => $"{{\"type\":\"track\",{Valid},\"properties\":{{\"f\":\"{filler}\"}}}}");
        var body = "{\"batch\":[" + string.Join(',', events) + "]}";
        Assert.True(Encoding.UTF8.GetByteCount(body) > 500 * 1024);

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response, "request-too-large", null, null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_WithBodyThatIsNotValidGzip_Returns400MalformedGzip(bool withContentEncoding)
    {
        // Plain JSON under the gzip header, or the gzip magic bytes followed by a broken stream.
        byte[] body = withContentEncoding ? Encoding.UTF8.GetBytes("{" + Valid + "}") : [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff, 0xff, 0xff];
        using var request = SegmentClient.Post("/v1/track", string.Empty);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (withContentEncoding)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await fixture.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response, "malformed-gzip", null, null);
    }

    [Fact]
    public async Task Post_WithSingleEventOver32KB_Returns413()
    {
        var body = "{" + Valid + ",\"properties\":{\"blob\":\"" + new string('x', 33 * 1024) + "\"}}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/track", body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response, "event-too-large", null, null);
    }

    [Fact]
    public async Task Post_WithOver2500Events_Returns413()
    {
        var body = "{\"batch\":[" + string.Join(',', Enumerable.Repeat("{}", 2501)) + "]}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response, "too-many-events", null, null);
    }

    /// <summary>Segment's libraries ignore a 200's body: the rejected item is kept, with its reason, where queue failures are.</summary>
    [Fact]
    public async Task Post_WithInvalidItemInsideBatch_RecordsItInFailedEventsWithItsReason()
    {
        var messageId = SegmentClient.NewId("bad-item");
        var body = "{\"batch\":[{\"type\":\"track\"," + Valid + "},{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"userId\":\"u-2\"}]}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failures = await fixture.App.Services.GetRequiredService<FailedEventStore>().ListAsync(SegmentCollector.RejectedBatchItems, CancellationToken.None);
        var failure = Assert.Single(failures, f => f.MessageId == messageId);
        Assert.StartsWith("batch[1] event [required]", failure.Reason, StringComparison.Ordinal);
        Assert.Contains(messageId, failure.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithTwoInvalidItemsWithBlankMessageIdsInABatchWithContext_RecordsBothWithTheBatchsContextAndSentAt()
    {
        var campaign = SegmentClient.NewId("camp");
        var body = "{\"sentAt\":\"2026-11-23T10:00:00Z\",\"context\":{\"campaign\":{\"source\":\"google\",\"name\":\"" + campaign + "\"}},\"batch\":["
            + "{\"type\":\"track\",\"messageId\":\"\",\"userId\":\"u-1\"},{\"type\":\"track\",\"messageId\":\" \",\"userId\":\"u-2\"}]}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var failures = (await fixture.App.Services.GetRequiredService<FailedEventStore>().ListAsync(SegmentCollector.RejectedBatchItems, CancellationToken.None))
            .Where(f => f.RawBody.Contains(campaign, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Contains("\"sentAt\":\"2026-11-23T10:00:00.0000000Z\"", f.RawBody, StringComparison.Ordinal));
        Assert.Equal(["u-1", "u-2"], failures.Select(f => JsonDocument.Parse(f.RawBody).RootElement.GetProperty("userId").GetString()).Order());
    }

    [Fact]
    public async Task Post_WithItemDatedYearsAheadInsideBatch_RecordsItInFailedEventsWithItsReason()
    {
        var messageId = SegmentClient.NewId("future-item");
        var body = "{\"batch\":[{\"type\":\"track\"," + Valid + "},{\"type\":\"track\",\"messageId\":\"" + messageId + "\"," + Valid + ",\"timestamp\":\"2099-01-01T00:00:00Z\"}]}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rejected = Assert.Single((await response.JsonAsync()).GetProperty("rejected").EnumerateArray());
        Assert.Equal("future", rejected.GetProperty("errors")[0].GetProperty("rule").GetString());
        var failures = await fixture.App.Services.GetRequiredService<FailedEventStore>().ListAsync(SegmentCollector.RejectedBatchItems, CancellationToken.None);
        var failure = Assert.Single(failures, f => f.MessageId == messageId);
        Assert.StartsWith("batch[1] timestamp [future]: 'timestamp' is 2099-01-01T00:00:00Z,", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithOversizedEventInsideBatch_RejectsThatEventByIndex()
    {
        var big = "{\"type\":\"track\"," + Valid + ",\"properties\":{\"blob\":\"" + new string('x', 33 * 1024) + "\"}}";
        var body = "{\"batch\":[{\"type\":\"track\"," + Valid + "}," + big + "]}";

        using var response = await fixture.App.Http.SendAsync(SegmentClient.Post("/v1/batch", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rejected = Assert.Single((await response.JsonAsync()).GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Equal("max-event-size", rejected.GetProperty("errors")[0].GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Post_WithUnsupportedContentType_Returns415(string? contentType)
    {
        using var request = SegmentClient.Post("/v1/track", "{" + Valid + "}");
        request.Content!.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await fixture.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertProblemAsync(response, "unsupported-media-type", null, null);
    }

    [Fact]
    public async Task Post_WithARealFormLabelledAsOne_Returns400MalformedJson()
    {
        // Form-labelled bodies are read as JSON (RudderStack's Node.js library labels its batches so); a real form is not JSON.
        using var request = SegmentClient.Post("/v1/track", "userId=u-1&event=E");
        request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");

        using var response = await fixture.App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response, "malformed-json", null, null);
    }

    private static async Task<System.Text.Json.JsonElement> AssertProblemAsync(HttpResponseMessage response, string type, string? field, string? rule)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("urn:lifecycle-functions:problem:" + type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null)
        {
            var errors = problem.GetProperty("errors").EnumerateArray().ToList();
            Assert.Contains(errors, e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);
        }

        return problem;
    }
}
