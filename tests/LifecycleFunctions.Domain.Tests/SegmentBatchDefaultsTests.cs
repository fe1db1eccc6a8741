using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public sealed class SegmentBatchDefaultsTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Apply_WithBatchSentAtAndContext_ParsesAloneAsTheItemDidInItsBatch()
    {
        var defaults = new SegmentBatchDefaults(
            new DateTimeOffset(2026, 11, 23, 10, 0, 30, TimeSpan.Zero),
            Json("""{"campaign":{"source":"google","medium":"cpc","name":"spring"},"page":{"url":"https://shop.example/batch"}}"""));
        var item = Json("""{"type":"track","event":"Viewed","userId":"u","messageId":"m-1","timestamp":"2026-11-23T10:00:10Z","context":{"page":{"url":"https://shop.example/item","referrer":"https://news.example/"}}}""");

        var applied = defaults.Apply(item);

        var inBatch = ErrorAssert.Valid(SegmentEventParser.Parse(item, null, ReceivedAt, defaults));
        var alone = ErrorAssert.Valid(SegmentEventParser.Parse(Json(applied), null, ReceivedAt, SegmentBatchDefaults.None));
        Assert.Equal(inBatch.Timestamp, alone.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 59, 40, TimeSpan.Zero), alone.Timestamp);
        Assert.Equal(("google", "cpc", "spring"), (alone.UtmSource, alone.UtmMedium, alone.UtmCampaign));
        Assert.Equal(inBatch.PageUrl, alone.PageUrl);
        Assert.Equal("https://shop.example/item", alone.PageUrl);
        Assert.Equal(inBatch.Referrer, alone.Referrer);
    }

    [Fact]
    public void Apply_WithItemsOwnSentAt_KeepsIt()
    {
        var defaults = new SegmentBatchDefaults(new DateTimeOffset(2026, 11, 23, 10, 0, 30, TimeSpan.Zero), default);

        var applied = Json(defaults.Apply(Json("""{"type":"track","sentAt":"2026-11-23T09:00:00Z"}""")));

        Assert.Equal("2026-11-23T09:00:00Z", applied.GetProperty("sentAt").GetString());
    }

    [Theory]
    [InlineData("""{"type":"track","userId":"u"}""")]
    [InlineData("""[1,2]""")]
    public void Apply_WithNoBatchDefaults_IsTheItemAsSent(string item)
    {
        Assert.Equal(item, SegmentBatchDefaults.None.Apply(Json(item)));
    }

    [Fact]
    public void Apply_WithItemContextThatIsNotAnObject_LeavesItsContextAsSent()
    {
        var defaults = new SegmentBatchDefaults(null, Json("""{"campaign":{"source":"google"}}"""));

        var applied = Json(defaults.Apply(Json("""{"type":"track","context":"oops"}""")));

        Assert.Equal("oops", applied.GetProperty("context").GetString());
    }

    [Fact]
    public void Apply_WithItemSectionThatIsNotAnObject_TakesTheBatchsAsTheParserDoes()
    {
        var defaults = new SegmentBatchDefaults(null, Json("""{"campaign":{"source":"google","name":"spring"}}"""));
        var item = Json("""{"type":"track","event":"Viewed","userId":"u","context":{"campaign":"x"}}""");

        var alone = ErrorAssert.Valid(SegmentEventParser.Parse(Json(defaults.Apply(item)), null, ReceivedAt, SegmentBatchDefaults.None));

        Assert.Equal(ErrorAssert.Valid(SegmentEventParser.Parse(item, null, ReceivedAt, defaults)).UtmCampaign, alone.UtmCampaign);
        Assert.Equal("spring", alone.UtmCampaign);
    }
}
