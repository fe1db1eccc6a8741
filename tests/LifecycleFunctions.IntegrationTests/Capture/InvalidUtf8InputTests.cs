using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// A body with bytes that are not UTF-8 gets an answer, through the real pipeline: a single call is refused with
/// rule utf-8, and in a batch only the item holding them is, kept as sent while the other items are stored.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class InvalidUtf8InputTests(CaptureAppFixture fixture)
{
    /// <summary>Latin-1 text as bytes, one byte per character: "\xff" is the byte 0xFF, never valid in UTF-8.</summary>
    private static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var request = SegmentClient.Post(path, string.Empty);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    [Theory]
    [InlineData("/v1/track", "{\"userId\":\"u-1\",\"event\":\"E\",\"properties\":{\"name\":\"Zo\xeb\"}}", "properties.name")]
    [InlineData("/v1/track", "{\"userId\":\"u-1\",\"event\":\"E\",\"properties\":{\"pr\xeeis\":1}}", "properties")]
    [InlineData("/v1/identify", "{\"userId\":\"u-1\",\"traits\":{\"city\":\"\xed\xa0\x80\"}}", "traits.city")]
    [InlineData("/v1/batch", "{\"context\":{\"locale\":\"\xff\"},\"batch\":[{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"E\"}]}", "context.locale")]
    public async Task Post_WithBytesThatAreNotUtf8OutsideABatchItem_Returns400MalformedJsonWithRuleUtf8(string path, string latin1, string field)
    {
        using var response = await fixture.App.Http.SendAsync(Post(path, Bytes(latin1)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        var problem = await response.JsonAsync();
        Assert.Equal(Problems.TypePrefix + "malformed-json", problem.GetProperty("type").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal((field, "utf-8"), (error.GetProperty("field").GetString(), error.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Post_WithOneBatchItemNotUtf8_StoresTheOthersAndKeepsItsBytesInFailedEvents()
    {
        var first = SegmentClient.NewId("utf8-good");
        var last = SegmentClient.NewId("utf8-good");
        var bad = "{\"type\":\"track\",\"messageId\":\"" + SegmentClient.NewId("utf8-bad") + "\",\"userId\":\"u-1\",\"event\":\"E\",\"properties\":{\"k\xe9y\":\"caf\xe9\"}}";
        var body = "{\"batch\":["
            + "{\"type\":\"track\",\"messageId\":\"" + first + "\",\"userId\":\"u-1\",\"event\":\"E\"},"
            + bad + ","
            + "{\"type\":\"track\",\"messageId\":\"" + last + "\",\"userId\":\"u-1\",\"event\":\"E\"}]}";

        using var response = await fixture.App.Http.SendAsync(Post("/v1/batch", Bytes(body)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        var answer = await response.JsonAsync();
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(answer.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        var error = Assert.Single(rejected.GetProperty("errors").EnumerateArray());
        Assert.Equal(("properties", "utf-8"), (error.GetProperty("field").GetString(), error.GetProperty("rule").GetString()));
        await StoredEvents.WaitForAsync(fixture.App.Storage, StoredEvents.ByMessageId(first));
        await StoredEvents.WaitForAsync(fixture.App.Storage, StoredEvents.ByMessageId(last));
        var raw = Convert.ToBase64String(Bytes(bad));
        var row = Assert.Single(await StoredEvents.WhereAsync(
            fixture.App.Storage,
            StorageNames.FailedEventsTable,
            TableClient.CreateQueryFilter($"PartitionKey eq {SegmentCollector.RejectedBatchItems} and RawBase64 eq {raw}")));
        Assert.StartsWith("batch[1] properties [utf-8]: ", row.GetString("Reason"), StringComparison.Ordinal);
    }
}
