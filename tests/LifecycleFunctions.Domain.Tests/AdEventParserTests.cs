using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class AdEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static EventParseResult Parse(string body) => AdEventParser.Parse(body, ReceivedAt);

    [Fact]
    public void Parse_WithValidImpression_ReturnsAdImpression()
    {
        const string body = """{"type":"impression","messageId":"imp-1","timestamp":"2026-11-22T18:00:00Z","channel":"meta","campaign":"bf-2026","ad":"carousel-3","cost":"12.40","currency":"usd","count":250}""";

        var captured = ErrorAssert.Valid(Parse(body));

        Assert.Equal(EventTypes.AdImpression, captured.Type);
        Assert.Equal(EventSources.Ads, captured.Source);
        Assert.Equal("imp-1", captured.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero), captured.Timestamp);
        Assert.Equal(ReceivedAt, captured.ReceivedAt);
        Assert.Equal("meta", captured.Channel);
        Assert.Equal("bf-2026", captured.Campaign);
        Assert.Equal("carousel-3", captured.Ad);
        Assert.Equal(12.40m, captured.Cost);
        Assert.Equal("USD", captured.Currency);
        Assert.Equal(250, captured.Count);
        Assert.Null(captured.PersonKey);
        Assert.Equal(body, captured.Payload);
    }

    [Fact]
    public void Parse_WithClickWithoutMessageId_UsesClickIdAsMessageId()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"click","channel":"google","campaign":"search","clickId":"gclid-abc","anonymousId":"anon-1"}"""));

        Assert.Equal(EventTypes.AdClick, captured.Type);
        Assert.Equal("gclid-abc", captured.MessageId);
        Assert.Equal("gclid-abc", captured.ClickId);
        Assert.Equal(1, captured.Count);
        Assert.Equal("a:anon-1", captured.PersonKey);
    }

    [Fact]
    public void Parse_WithMessageIdAndClickId_PrefersMessageId()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"click","messageId":"m-1","channel":"google","campaign":"search","clickId":"gclid-abc"}"""));

        Assert.Equal("m-1", captured.MessageId);
    }

    [Fact]
    public void Parse_WithoutAnyId_DerivesMessageIdFromBody()
    {
        const string body = """{"type":"impression","channel":"meta","campaign":"bf"}""";
        const string other = """{"type":"impression","channel":"meta","campaign":"cm"}""";

        var first = ErrorAssert.Valid(Parse(body));
        var redelivered = ErrorAssert.Valid(AdEventParser.Parse(body, ReceivedAt.AddMinutes(5)));
        var different = ErrorAssert.Valid(Parse(other));

        Assert.StartsWith("ad-", first.MessageId, StringComparison.Ordinal);
        Assert.Equal(first.MessageId, redelivered.MessageId);
        Assert.NotEqual(first.MessageId, different.MessageId);
    }

    [Fact]
    public void Parse_WithoutAnyIdFromAQueueMessage_UsesTheMessagesIdSoIdenticalReportsStayApart()
    {
        const string body = """{"type":"impression","channel":"google-ads","campaign":"spring-sale","count":1000,"cost":12.5}""";

        var nine = ErrorAssert.Valid(QueueMessageItems.Parse(body, ReceivedAt, AdEventParser.Parse, "q-9").Single().Result);
        var ten = ErrorAssert.Valid(QueueMessageItems.Parse(body, ReceivedAt, AdEventParser.Parse, "q-10").Single().Result);
        var batched = QueueMessageItems.Parse("{\"batch\":[" + body + "," + body + "]}", ReceivedAt, AdEventParser.Parse, "q-11");

        Assert.Equal(("ad-q-9", "ad-q-10"), (nine.MessageId, ten.MessageId));
        Assert.Equal(["ad-q-11:0", "ad-q-11:1"], batched.Select(i => i.Result.Event!.MessageId));
    }

    [Fact]
    public void Parse_WithoutTimestamp_UsesReceivedAt()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"impression","channel":"meta","campaign":"bf"}"""));

        Assert.Equal(ReceivedAt, captured.Timestamp);
    }

    [Fact]
    public void Parse_WithNumericPersonIds_AcceptsThemAsText()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"click","channel":"google","campaign":"search","userId":77,"anonymousId":88}"""));

        Assert.Equal("77", captured.UserId);
        Assert.Equal("88", captured.AnonymousId);
    }

    [Theory]
    [InlineData("view")]
    [InlineData("Click")]
    [InlineData("ad_click")]
    public void Parse_WithUnknownType_ReportsOneOf(string type)
    {
        ErrorAssert.Single(Parse($$"""{"type":"{{type}}","channel":"meta","campaign":"bf"}"""), "type", "one-of");
    }

    [Fact]
    public void Parse_WithMissingType_ReportsRequiredType()
    {
        ErrorAssert.Single(Parse("""{"channel":"meta","campaign":"bf"}"""), "type", "required");
    }

    [Fact]
    public void Parse_WithMissingChannelAndCampaign_ReportsBoth()
    {
        ErrorAssert.Exactly(Parse("""{"type":"impression"}"""), ("channel", "required"), ("campaign", "required"));
    }

    [Fact]
    public void Parse_WithNegativeCost_ReportsNonNegative()
    {
        ErrorAssert.Single(Parse("""{"type":"impression","channel":"meta","campaign":"bf","cost":-0.01}"""), "cost", "non-negative");
    }

    [Fact]
    public void Parse_WithCostNotANumber_ReportsNumberType()
    {
        ErrorAssert.Single(Parse("""{"type":"impression","channel":"meta","campaign":"bf","cost":"twelve"}"""), "cost", "type:number");
    }

    [Fact]
    public void Parse_WithClickCountAboveOne_ReportsClickCount()
    {
        ErrorAssert.Single(Parse("""{"type":"click","channel":"google","campaign":"search","count":2}"""), "count", "click-count");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"3\"")]
    [InlineData("3000000000")]
    public void Parse_WithCountNotPositiveInteger_ReportsPositiveInteger(string count)
    {
        ErrorAssert.Single(Parse($$"""{"type":"impression","channel":"meta","campaign":"bf","count":{{count}}}"""), "count", "positive-integer");
    }

    [Fact]
    public void Parse_WithInvalidTimestamp_ReportsIso8601()
    {
        ErrorAssert.Single(Parse("""{"type":"impression","channel":"meta","campaign":"bf","timestamp":"last tuesday"}"""), "timestamp", "iso-8601");
    }

    [Fact]
    public void Parse_WithCampaignOver200Characters_ReportsMaxLength()
    {
        ErrorAssert.Single(Parse($$"""{"type":"impression","channel":"meta","campaign":"{{new string('c', 201)}}"}"""), "campaign", "max-length");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"type\":\"click\",}")]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_WithMalformedJson_ReportsJson(string body)
    {
        ErrorAssert.Single(Parse(body), "$", "json");
    }

    [Fact]
    public void Parse_WithJsonArray_ReportsTypeObjectAtRoot()
    {
        ErrorAssert.Single(Parse("""[{"type":"click"}]"""), "$", "type:object");
    }
}
