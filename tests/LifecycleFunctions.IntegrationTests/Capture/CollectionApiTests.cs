using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Capture;

[Collection(CaptureCollection.Name)]
public sealed class CollectionApiTests(CaptureAppFixture fixture)
{
    private TestApp App => fixture.App;

    [Theory]
    [InlineData("/v1/track", "track", """{"event":"Signed Up","properties":{"plan":"pro"}}""")]
    [InlineData("/v1/identify", "identify", """{"traits":{"email":"ada@example.com"}}""")]
    [InlineData("/v1/page", "page", """{"name":"Pricing","properties":{"url":"https://shop.example/pricing"}}""")]
    [InlineData("/v1/screen", "screen", """{"name":"Home"}""")]
    [InlineData("/v1/group", "group", """{"groupId":"acme"}""")]
    [InlineData("/v1/alias", "alias", """{"previousId":"anon-1"}""")]
    [InlineData("/v1/t", "track", """{"event":"Clicked"}""")]
    [InlineData("/v1/p", "page", """{}""")]
    public async Task Post_WithEachSegmentCall_StoresTheEvent(string path, string expectedType, string fields)
    {
        var messageId = SegmentClient.NewId("call");
        var userId = SegmentClient.NewId("user");
        var json = fields.Insert(1, $"\"messageId\":\"{messageId}\",\"userId\":\"{userId}\"" + (fields.Length > 2 ? "," : string.Empty));

        using var response = await App.Http.SendAsync(SegmentClient.Post(path, json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("success").GetBoolean());
        var stored = Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
        Assert.Equal(expectedType, stored.GetString("Type"));
        Assert.Equal("u:" + userId, stored.GetString("PersonKey"));
        Assert.Equal("website", stored.GetString("Source"));
        Assert.Equal(messageId, stored.RowKey);
        using var payload = JsonDocument.Parse(stored.GetString("Payload"));
        Assert.Equal(userId, payload.RootElement.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Post_WithMixedBatch_StoresValidEventsAndReportsInvalidOnesByIndex()
    {
        var user = SegmentClient.NewId("user");
        var ids = Enumerable.Range(0, 3).Select(i => SegmentClient.NewId($"batch{i}")).ToArray();
        var body = new
        {
            batch = new object[]
            {
                new { type = "track", messageId = ids[0], userId = user, @event = "Viewed Product" },
                new { type = "track", messageId = SegmentClient.NewId("bad"), userId = user },
                new { type = "identify", messageId = ids[1], userId = user, traits = new { email = "x@example.com" } },
                new { type = "page", messageId = SegmentClient.NewId("bad"), anonymousId = "a", timestamp = "yesterday" },
                new { type = "page", messageId = ids[2], anonymousId = SegmentClient.NewId("anon") },
            },
        };

        using var response = await App.Http.PostAsync("/v1/batch", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(3, json.GetProperty("accepted").GetInt32());
        var rejected = json.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 3], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal("event", rejected[0].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("iso-8601", rejected[1].GetProperty("errors")[0].GetProperty("rule").GetString());
        foreach (var id in ids)
        {
            Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(id)));
        }

        Assert.Equal(2, (await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, StoredEvents.ByPerson("u:" + user))).Count);
    }

    [Fact]
    public async Task Post_WithSameMessageIdTwice_StoresItOnce()
    {
        var messageId = SegmentClient.NewId("dup");
        var body = new { messageId, userId = SegmentClient.NewId("user"), @event = "Order Viewed" };

        using var first = await App.Http.PostAsync("/v1/track", body);
        await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId));
        using var second = await App.Http.PostAsync("/v1/batch", new { batch = new[] { new { type = "track", body.messageId, body.userId, body.@event } } });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await WaitForQueueToDrainAsync(StorageNames.WebsiteEventsQueue);
        Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, StoredEvents.ByMessageId(messageId)));
    }

    [Fact]
    public async Task Post_WithSentAt_StoresSkewCorrectedTimestamp()
    {
        var messageId = SegmentClient.NewId("skew");

        // The device clock runs an hour fast; it sent the event 10 seconds after creating it.
        using var response = await App.Http.PostAsync("/v1/track", new
        {
            messageId,
            userId = "skewed",
            @event = "Tapped",
            timestamp = "2026-11-23T11:00:00Z",
            sentAt = "2026-11-23T11:00:10Z",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
        Assert.Equal(TestApp.Now.AddSeconds(-10), stored.GetDateTimeOffset("OccurredAt"));
        Assert.Equal(TestApp.Now, stored.GetDateTimeOffset("ReceivedAt"));
    }

    [Fact]
    public async Task Post_WithCampaignContext_StoresAttributionFields()
    {
        var messageId = SegmentClient.NewId("utm");

        using var response = await App.Http.PostAsync("/v1/page", new
        {
            messageId,
            anonymousId = SegmentClient.NewId("anon"),
            context = new
            {
                campaign = new { source = "newsletter", medium = "email", name = "black-friday" },
                page = new { referrer = "https://news.example.com/today", url = "https://shop.example/deals" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
        Assert.Equal("newsletter", stored.GetString("UtmSource"));
        Assert.Equal("email", stored.GetString("UtmMedium"));
        Assert.Equal("black-friday", stored.GetString("UtmCampaign"));
        Assert.Equal("https://news.example.com/today", stored.GetString("Referrer"));
        Assert.Equal("https://shop.example/deals", stored.GetString("PageUrl"));
    }

    /// <summary>Segment's OAuth: an access token as Bearer, the write key in the body (the token is not checked here).</summary>
    [Fact]
    public async Task Post_WithBearerTokenAndWriteKeyInBody_Accepts()
    {
        var messageId = SegmentClient.NewId("oauth");
        var json = JsonSerializer.Serialize(new { writeKey = TestApp.WriteKey, messageId, userId = "oauth-user", @event = "Signed Up" });
        using var request = SegmentClient.Post("/v1/track", json, writeKey: null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOi.token");

        using var response = await App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
    }

    [Fact]
    public async Task Post_WithWriteKeyInBodyAndTextPlain_AcceptsLikeSendBeacon()
    {
        var messageId = SegmentClient.NewId("beacon");
        var json = JsonSerializer.Serialize(new { writeKey = "second-write-key", messageId, anonymousId = "beacon-visitor", @event = "Left Page" });

        using var response = await App.Http.SendAsync(SegmentClient.Post("/v1/t", json, writeKey: null, contentType: "text/plain;charset=UTF-8"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
    }

    /// <summary>Without the header too: a proxy in front (the Functions host rebuilding the request) may drop Content-Encoding.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_WithGzipBody_DecompressesAndStores(bool withContentEncoding)
    {
        var messageId = SegmentClient.NewId("gzip");
        var json = JsonSerializer.Serialize(new { batch = new[] { new { type = "track", messageId, userId = "gz", @event = "Compressed" } } });
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        using var request = SegmentClient.Post("/v1/batch", string.Empty);
        request.Content = new ByteArrayContent(compressed.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (withContentEncoding)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
    }

    [Fact]
    public async Task Post_WithFullBatchOf2500Events_SplitsIntoQueueMessagesAndStoresAll()
    {
        var user = SegmentClient.NewId("bulk");
        var batch = Enumerable.Range(0, 2500).Select(i => new
        {
            type = "track",
            messageId = $"{user}-{i}",
            userId = user,
            @event = "Scrolled",
            properties = new { depth = i, section = "reviews" },
        });

        using var response = await App.Http.PostAsync("/v1/batch", new { batch });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2500, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        var stored = await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByPerson("u:" + user), expected: 2500);
        Assert.Equal(2500, stored.Count);
        Assert.Equal(2500, stored.Select(e => e.RowKey).Distinct().Count());
    }

    [Fact]
    public async Task Preflight_FromBrowserOrigin_AllowsCrossOriginPosts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/track");
        request.Headers.Add("Origin", "https://shop.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");

        using var response = await App.Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"Preflight answered {(int)response.StatusCode}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FromBrowserOrigin_AnswersWithTheCorsHeader()
    {
        using var request = SegmentClient.Post("/v1/track", """{"userId":"u-origin","event":"Signed Up"}""");
        request.Headers.Add("Origin", "https://shop.example.com");

        using var response = await App.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    // The listener deletes a message only after storing it, so a drained queue means the work is done.
    private Task WaitForQueueToDrainAsync(string queue) => Waiting.ForQueuesToDrainAsync(App.Storage, StoredEvents.Patience, queue);
}
