using System.Text;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class SegmentEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static EventParseResult Parse(string json, string? callType = EventTypes.Track) =>
        SegmentEventParser.Parse(TestJson.Parse(json), callType, ReceivedAt, SegmentBatchDefaults.None);

    private static EventParseResult Parse(string json, string? callType, SegmentBatchDefaults defaults) =>
        SegmentEventParser.Parse(TestJson.Parse(json), callType, ReceivedAt, defaults);

    // ---- track basics ----

    [Fact]
    public void Parse_WithValidTrack_ReturnsWebsiteTrackEvent()
    {
        const string json = """{"userId":"u-1","anonymousId":"anon-1","messageId":"m-1","event":"Signed Up","properties":{"plan":"pro"}}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(EventTypes.Track, captured.Type);
        Assert.Equal(EventSources.Website, captured.Source);
        Assert.Equal("Signed Up", captured.EventName);
        Assert.Equal("u-1", captured.UserId);
        Assert.Equal("anon-1", captured.AnonymousId);
        Assert.Equal("m-1", captured.MessageId);
        Assert.Equal(ReceivedAt, captured.ReceivedAt);
        Assert.Null(captured.OrderId);
        Assert.Null(captured.Amount);
        Assert.Equal(json, captured.Payload);
    }

    [Fact]
    public void Parse_WithTrackMissingEvent_ReportsRequiredEventField()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1"}"""), "event", "required");
    }

    [Fact]
    public void Parse_WithTrackEmptyEvent_ReportsRequiredEventField()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":""}"""), "event", "required");
    }

    [Fact]
    public void Parse_WithTrackEventAsNumber_ReportsStringTypeOnEvent()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":42}"""), "event", "type:string");
    }

    [Fact]
    public void Parse_WithPageNameAsLongAsATitle_KeepsIt()
    {
        var name = new string('t', 600);

        var captured = ErrorAssert.Valid(Parse($$"""{"anonymousId":"a-1","name":"{{name}}"}""", EventTypes.Page));

        Assert.Equal(name, captured.EventName);
    }

    [Fact]
    public void Parse_WithTrackEventOver200Characters_ReportsMaxLength()
    {
        var json = $$"""{"userId":"u-1","event":"{{new string('e', 201)}}"}""";

        ErrorAssert.Single(Parse(json), "event", "max-length");
    }

    [Fact]
    public void Parse_WithTrackEventOf200Characters_IsValid()
    {
        var name = new string('e', 200);

        var captured = ErrorAssert.Valid(Parse($$"""{"userId":"u-1","event":"{{name}}"}"""));

        Assert.Equal(name, captured.EventName);
    }

    // ---- identities ----

    [Fact]
    public void Parse_WithNeitherUserIdNorAnonymousId_ReportsRequiredOneOfOnUserId()
    {
        ErrorAssert.Single(Parse("""{"event":"Clicked"}"""), "userId", "required-one-of");
    }

    [Fact]
    public void Parse_WithEmptyAndNullIds_ReportsRequiredOneOfOnUserId()
    {
        ErrorAssert.Single(Parse("""{"event":"Clicked","userId":"","anonymousId":null}"""), "userId", "required-one-of");
    }

    [Fact]
    public void Parse_WithOnlyAnonymousId_IsValidAndKeyedByAnonymousId()
    {
        var captured = ErrorAssert.Valid(Parse("""{"event":"Clicked","anonymousId":"anon-7"}"""));

        Assert.Null(captured.UserId);
        Assert.Equal("a:anon-7", captured.PersonKey);
    }

    [Fact]
    public void Parse_WithNumericIds_AcceptsThemAsText()
    {
        var captured = ErrorAssert.Valid(Parse("""{"event":"Clicked","userId":12345,"anonymousId":678}"""));

        Assert.Equal("12345", captured.UserId);
        Assert.Equal("678", captured.AnonymousId);
        Assert.Equal("u:12345", captured.PersonKey);
    }

    [Fact]
    public void Parse_WithBooleanUserIdAndNoAnonymousId_ReportsOnlyTheTypeError()
    {
        ErrorAssert.Single(Parse("""{"event":"Clicked","userId":true}"""), "userId", "type:string");
    }

    [Fact]
    public void Parse_WithUserIdOver255Characters_ReportsMaxLength()
    {
        var json = $$"""{"event":"Clicked","userId":"{{new string('u', 256)}}"}""";

        ErrorAssert.Single(Parse(json), "userId", "max-length");
    }

    // ---- structure ----

    [Theory]
    [InlineData("properties", "\"x\"")]
    [InlineData("properties", "[1,2]")]
    [InlineData("traits", "[]")]
    [InlineData("context", "7")]
    [InlineData("integrations", "true")]
    public void Parse_WithObjectFieldOfWrongKind_ReportsTypeObject(string field, string value)
    {
        var json = $$"""{"userId":"u-1","event":"Clicked","{{field}}":{{value}}}""";

        ErrorAssert.Single(Parse(json), field, "type:object");
    }

    [Fact]
    public void Parse_WithNullProperties_TreatsThemAsAbsent()
    {
        ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Clicked","properties":null}"""));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"track\"")]
    [InlineData("null")]
    public void Parse_WithNonObjectEvent_ReportsTypeObjectAtRoot(string json)
    {
        ErrorAssert.Single(Parse(json), "$", "type:object");
    }

    [Fact]
    public void Parse_WithMessageIdOver255Characters_ReportsMaxLength()
    {
        var json = $$"""{"userId":"u-1","event":"Clicked","messageId":"{{new string('m', 256)}}"}""";

        ErrorAssert.Single(Parse(json), "messageId", "max-length");
    }

    [Fact]
    public void Parse_WithMessageIdOf255Characters_KeepsIt()
    {
        var messageId = new string('m', 255);

        var captured = ErrorAssert.Valid(Parse($$"""{"userId":"u-1","event":"Clicked","messageId":"{{messageId}}"}"""));

        Assert.Equal(messageId, captured.MessageId);
    }

    [Fact]
    public void Parse_WithoutMessageId_GeneratesDistinctServerIds()
    {
        const string json = """{"userId":"u-1","event":"Clicked"}""";

        var first = ErrorAssert.Valid(Parse(json));
        var second = ErrorAssert.Valid(Parse(json));

        Assert.StartsWith("srv-", first.MessageId, StringComparison.Ordinal);
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal(first.MessageId, first.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithSeveralProblems_ReportsEveryOneOfThem()
    {
        const string json = """{"timestamp":"yesterday","properties":"x","messageId":5}""";

        ErrorAssert.Exactly(
            Parse(json),
            ("event", "required"),
            ("timestamp", "iso-8601"),
            ("properties", "type:object"),
            ("messageId", "type:string"),
            ("userId", "required-one-of"));
    }

    // ---- 32 KB event limit ----

    private static string EventOfUtf8Size(int bytes, char filler = 'x')
    {
        const string prefix = "{\"userId\":\"u-1\",\"event\":\"Big\",\"properties\":{\"pad\":\"";
        const string suffix = "\"}}";
        var fillerBytes = Encoding.UTF8.GetByteCount([filler]);
        var room = bytes - prefix.Length - suffix.Length;
        Assert.Equal(0, room % fillerBytes);
        var json = prefix + new string(filler, room / fillerBytes) + suffix;
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(json));
        return json;
    }

    [Fact]
    public void Parse_WithEventOfExactly32Kilobytes_IsValid()
    {
        ErrorAssert.Valid(Parse(EventOfUtf8Size(SegmentLimits.MaxEventBytes)));
    }

    [Fact]
    public void Parse_WithEventOneByteOver32Kilobytes_ReportsMaxEventSize()
    {
        ErrorAssert.Single(Parse(EventOfUtf8Size(SegmentLimits.MaxEventBytes + 1)), "$", "max-event-size");
    }

    [Fact]
    public void Parse_WithMultiByteCharactersOverLimitInBytesButNotInChars_ReportsMaxEventSize()
    {
        // 'é' is two UTF-8 bytes: the event has about 16 K characters but 32 K + 2 bytes.
        var json = EventOfUtf8Size(SegmentLimits.MaxEventBytes + 2, 'é');
        Assert.True(json.Length < SegmentLimits.MaxEventBytes);

        ErrorAssert.Single(Parse(json), "$", "max-event-size");
    }

    [Fact]
    public void Parse_WithOversizedEventThatIsAlsoInvalid_ReportsOnlyTheSize()
    {
        var json = $$$"""{"event":5,"properties":{"pad":"{{{new string('x', SegmentLimits.MaxEventBytes)}}}"}}""";

        ErrorAssert.Single(Parse(json), "$", "max-event-size");
    }

    // ---- batch items: type comes from the event ----

    [Theory]
    [InlineData("""{"type":"track","userId":"u-1","event":"Clicked"}""", EventTypes.Track)]
    [InlineData("""{"type":"identify","userId":"u-1"}""", EventTypes.Identify)]
    [InlineData("""{"type":"page","userId":"u-1"}""", EventTypes.Page)]
    [InlineData("""{"type":"screen","userId":"u-1"}""", EventTypes.Screen)]
    [InlineData("""{"type":"group","userId":"u-1","groupId":"g-1"}""", EventTypes.Group)]
    [InlineData("""{"type":"alias","userId":"u-1","previousId":"anon-1"}""", EventTypes.Alias)]
    [InlineData("""{"type":"IDENTIFY","userId":"u-1"}""", EventTypes.Identify)]
    public void Parse_WithBatchItemType_UsesDeclaredType(string json, string expectedType)
    {
        var captured = ErrorAssert.Valid(Parse(json, callType: null));

        Assert.Equal(expectedType, captured.Type);
    }

    [Fact]
    public void Parse_WithBatchItemMissingType_ReportsRequiredType()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Clicked"}""", callType: null), "type", "required");
    }

    [Theory]
    [InlineData("purchase")]
    [InlineData("trak")]
    [InlineData("t")]
    [InlineData("i")]
    public void Parse_WithBatchItemUnknownOrShortType_ReportsOneOf(string type)
    {
        var json = $$"""{"type":"{{type}}","userId":"u-1","event":"Clicked"}""";

        ErrorAssert.Single(Parse(json, callType: null), "type", "one-of");
    }

    [Fact]
    public void Parse_WithCallTypeFromUrl_IgnoresTypeInBody()
    {
        var captured = ErrorAssert.Valid(Parse("""{"type":"track","userId":"u-1"}""", EventTypes.Identify));

        Assert.Equal(EventTypes.Identify, captured.Type);
    }

    // ---- page, screen, group, alias, identify ----

    [Fact]
    public void Parse_WithPageName_UsesItAsEventName()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","name":"Pricing"}""", EventTypes.Page));

        Assert.Equal(EventTypes.Page, captured.Type);
        Assert.Equal("Pricing", captured.EventName);
    }

    [Fact]
    public void Parse_WithScreenWithoutName_IsValidWithoutEventName()
    {
        var captured = ErrorAssert.Valid(Parse("""{"anonymousId":"anon-1"}""", EventTypes.Screen));

        Assert.Equal(EventTypes.Screen, captured.Type);
        Assert.Null(captured.EventName);
    }

    [Fact]
    public void Parse_WithPageNamedOrderCompleted_StaysAPage()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","name":"Order Completed"}""", EventTypes.Page));

        Assert.Equal(EventTypes.Page, captured.Type);
        Assert.Null(captured.OrderId);
    }

    [Fact]
    public void Parse_WithGroupMissingGroupId_ReportsRequiredGroupId()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1"}""", EventTypes.Group), "groupId", "required");
    }

    [Fact]
    public void Parse_WithNumericGroupId_IsValid()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","groupId":99}""", EventTypes.Group));

        Assert.Equal(EventTypes.Group, captured.Type);
    }

    [Fact]
    public void Parse_WithValidAlias_SetsPreviousIdAndUserId()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","previousId":"anon-1"}""", EventTypes.Alias));

        Assert.Equal(EventTypes.Alias, captured.Type);
        Assert.Equal("anon-1", captured.PreviousId);
        Assert.Equal("u:u-1", captured.PersonKey);
    }

    [Fact]
    public void Parse_WithAliasMissingPreviousId_ReportsRequiredPreviousId()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1"}""", EventTypes.Alias), "previousId", "required");
    }

    [Fact]
    public void Parse_WithAliasWithOnlyAnonymousId_ReportsRequiredUserId()
    {
        ErrorAssert.Single(Parse("""{"anonymousId":"anon-1","previousId":"anon-0"}""", EventTypes.Alias), "userId", "required");
    }

    [Fact]
    public void Parse_WithAliasMissingBothIds_ReportsPreviousIdAndUserId()
    {
        ErrorAssert.Exactly(Parse("{}", EventTypes.Alias), ("previousId", "required"), ("userId", "required"));
    }

    [Fact]
    public void Parse_WithAliasNumericUserIdOfWrongKind_ReportsOnlyTheTypeError()
    {
        ErrorAssert.Single(Parse("""{"userId":false,"previousId":"anon-0"}""", EventTypes.Alias), "userId", "type:string");
    }

    [Fact]
    public void Parse_WithIdentifyTraitsEmail_SetsEmail()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","traits":{"email":"ada@example.com"}}""", EventTypes.Identify));

        Assert.Equal("ada@example.com", captured.Email);
    }

    [Fact]
    public void Parse_WithEmailOnlyInContextTraits_SetsEmail()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Clicked","context":{"traits":{"email":"ctx@example.com"}}}"""));

        Assert.Equal("ctx@example.com", captured.Email);
    }

    // ---- timestamps ----

    [Theory]
    [InlineData("timestamp", "\"yesterday\"")]
    [InlineData("timestamp", "1700000000")]
    [InlineData("sentAt", "\"2026-13-45T99:00:00Z\"")]
    [InlineData("originalTimestamp", "\"soon\"")]
    public void Parse_WithInvalidTimestampField_ReportsIso8601(string field, string value)
    {
        var json = $$"""{"userId":"u-1","event":"Clicked","{{field}}":{{value}}}""";

        ErrorAssert.Single(Parse(json), field, "iso-8601");
    }

    [Fact]
    public void Parse_WithTimestampAndSentAt_CorrectsClockSkew()
    {
        // The device clock is 1 hour behind; the event was created 5 s before it was sent.
        const string json = """{"userId":"u-1","event":"Clicked","timestamp":"2026-11-23T08:59:50Z","sentAt":"2026-11-23T08:59:55Z"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(ReceivedAt.AddSeconds(-5), captured.Timestamp);
        Assert.Equal(ReceivedAt, captured.ReceivedAt);
    }

    [Fact]
    public void Parse_WithTimestampButNoSentAt_KeepsTimestamp()
    {
        const string json = """{"userId":"u-1","event":"Imported","timestamp":"2025-01-02T03:04:05Z"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), captured.Timestamp);
    }

    [Fact]
    public void Parse_WithoutTimestamp_UsesReceivedAt()
    {
        const string json = """{"userId":"u-1","event":"Clicked","sentAt":"2026-11-23T08:00:00Z"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(ReceivedAt, captured.Timestamp);
    }

    [Fact]
    public void Parse_WithOriginalTimestampOnly_TreatsItAsTheTimestamp()
    {
        const string json = """{"userId":"u-1","event":"Clicked","originalTimestamp":"2026-11-23T08:59:00Z","sentAt":"2026-11-23T09:00:00Z"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(ReceivedAt.AddMinutes(-1), captured.Timestamp);
    }

    [Fact]
    public void Parse_WithTimestampAndOriginalTimestamp_PrefersTimestamp()
    {
        const string json = """{"userId":"u-1","event":"Clicked","timestamp":"2026-01-01T00:00:00Z","originalTimestamp":"2020-01-01T00:00:00Z"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), captured.Timestamp);
    }

    [Fact]
    public void Parse_WithTimestampInOtherOffset_KeepsTheSameInstant()
    {
        const string json = """{"userId":"u-1","event":"Clicked","timestamp":"2026-11-23T12:30:00+02:00"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero).UtcTicks, captured.Timestamp.UtcTicks);
    }

    [Fact]
    public void Parse_WithTimestampWithoutOffset_AssumesUtc()
    {
        const string json = """{"userId":"u-1","event":"Clicked","timestamp":"2026-11-23T08:00:00"}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), captured.Timestamp);
    }

    [Fact]
    public void Parse_WithBatchSentAtAndNoOwnSentAt_CorrectsWithBatchSentAt()
    {
        var defaults = new SegmentBatchDefaults(new DateTimeOffset(2026, 11, 23, 7, 0, 30, TimeSpan.Zero), default);
        const string json = """{"type":"track","userId":"u-1","event":"Clicked","timestamp":"2026-11-23T07:00:00Z"}""";

        var captured = ErrorAssert.Valid(Parse(json, callType: null, defaults));

        Assert.Equal(ReceivedAt.AddSeconds(-30), captured.Timestamp);
    }

    [Fact]
    public void Parse_WithOwnSentAtAndBatchSentAt_PrefersOwnSentAt()
    {
        var defaults = new SegmentBatchDefaults(new DateTimeOffset(2026, 11, 23, 7, 0, 30, TimeSpan.Zero), default);
        const string json = """{"type":"track","userId":"u-1","event":"Clicked","timestamp":"2026-11-23T07:00:00Z","sentAt":"2026-11-23T07:00:10Z"}""";

        var captured = ErrorAssert.Valid(Parse(json, callType: null, defaults));

        Assert.Equal(ReceivedAt.AddSeconds(-10), captured.Timestamp);
    }

    // ---- attribution: UTM and referrer ----

    [Fact]
    public void Parse_WithContextCampaign_ExtractsUtmFields()
    {
        const string json = """
            {"userId":"u-1","event":"Clicked","context":{"campaign":{
              "source":"newsletter","medium":"email","name":"black-friday","term":"shoes","content":"hero-banner"}}}
            """;

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal("newsletter", captured.UtmSource);
        Assert.Equal("email", captured.UtmMedium);
        Assert.Equal("black-friday", captured.UtmCampaign);
        Assert.Equal("shoes", captured.UtmTerm);
        Assert.Equal("hero-banner", captured.UtmContent);
    }

    [Fact]
    public void Parse_WithoutCampaign_LeavesUtmFieldsEmpty()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Clicked","context":{"campaign":"spring"}}"""));

        Assert.Null(captured.UtmSource);
        Assert.Null(captured.UtmMedium);
        Assert.Null(captured.UtmCampaign);
        Assert.Null(captured.UtmTerm);
        Assert.Null(captured.UtmContent);
    }

    [Fact]
    public void Parse_WithContextPageReferrer_ExtractsReferrer()
    {
        const string json = """{"userId":"u-1","name":"Home","context":{"page":{"referrer":"https://www.google.com/"}},"properties":{"referrer":"https://other.example/"}}""";

        var captured = ErrorAssert.Valid(Parse(json, EventTypes.Page));

        Assert.Equal("https://www.google.com/", captured.Referrer);
    }

    [Theory]
    [InlineData("""{"userId":"u-1","context":{"page":{"url":"https://shop.example/cart"}},"properties":{"url":"https://other.example/"}}""", "https://shop.example/cart")]
    [InlineData("""{"userId":"u-1","name":"Home","properties":{"url":"https://shop.example/"}}""", "https://shop.example/")]
    [InlineData("""{"userId":"u-1","name":"Home"}""", null)]
    public void Parse_WithPageUrl_ExtractsContextPageUrlElsePropertiesUrl(string json, string? expected)
    {
        Assert.Equal(expected, ErrorAssert.Valid(Parse(json, EventTypes.Page)).PageUrl);
    }

    [Fact]
    public void Parse_WithReferrerOnlyInProperties_ExtractsReferrer()
    {
        const string json = """{"userId":"u-1","name":"Home","properties":{"referrer":"https://news.example/"}}""";

        var captured = ErrorAssert.Valid(Parse(json, EventTypes.Page));

        Assert.Equal("https://news.example/", captured.Referrer);
    }

    [Fact]
    public void Parse_WithoutOwnContext_UsesBatchContextForAttribution()
    {
        var context = TestJson.Parse("""{"campaign":{"source":"google","medium":"cpc"},"page":{"referrer":"https://google.com/"}}""");
        var defaults = new SegmentBatchDefaults(null, context);

        var captured = ErrorAssert.Valid(Parse("""{"type":"track","userId":"u-1","event":"Clicked"}""", callType: null, defaults));

        Assert.Equal("google", captured.UtmSource);
        Assert.Equal("cpc", captured.UtmMedium);
        Assert.Equal("https://google.com/", captured.Referrer);
    }

    [Fact]
    public void Parse_WithOwnContextOfOtherKeys_MergesTheBatchContextUnderIt()
    {
        var defaults = new SegmentBatchDefaults(null, TestJson.Parse("""{"campaign":{"source":"google"},"traits":{"email":"batch@example.com"},"page":{"referrer":"https://batch.example/"}}"""));

        var captured = ErrorAssert.Valid(Parse("""{"type":"page","anonymousId":"a","context":{"page":{"url":"https://shop.example/"}}}""", callType: null, defaults));

        Assert.Equal("google", captured.UtmSource);
        Assert.Equal("batch@example.com", captured.Email);
        Assert.Equal("https://shop.example/", captured.PageUrl);
        Assert.Null(captured.Referrer);
    }

    [Fact]
    public void Parse_WithOwnContextOfTheSameKey_KeepsItsOwn()
    {
        var defaults = new SegmentBatchDefaults(null, TestJson.Parse("""{"campaign":{"source":"batch"}}"""));

        var captured = ErrorAssert.Valid(Parse("""{"type":"track","userId":"u-1","event":"Clicked","context":{"campaign":{"source":"own"}}}""", callType: null, defaults));

        Assert.Equal("own", captured.UtmSource);
    }

    // ---- e-commerce: Order Completed / Order Refunded ----

    [Fact]
    public void Parse_WithOrderCompleted_BecomesOrderCompletedPurchase()
    {
        const string json = """{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-100","total":59.90,"revenue":50.00,"currency":"eur"}}""";

        var captured = ErrorAssert.Valid(Parse(json));

        Assert.Equal(EventTypes.OrderCompleted, captured.Type);
        Assert.Equal(EventSources.Website, captured.Source);
        Assert.Equal("Order Completed", captured.EventName);
        Assert.Equal("A-100", captured.OrderId);
        Assert.Equal(59.90m, captured.Amount);
        Assert.Equal("EUR", captured.Currency);
        Assert.Equal("order_completed:A-100", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithOrderCompletedRevenueOnly_UsesRevenueAsAmount()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1","revenue":25}}"""));

        Assert.Equal(25m, captured.Amount);
    }

    [Fact]
    public void Parse_WithOrderEventNameInOtherCase_StillBecomesPurchase()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"order completed","properties":{"order_id":"A-1","total":1}}"""));

        Assert.Equal(EventTypes.OrderCompleted, captured.Type);
    }

    [Fact]
    public void Parse_WithOrderCompletedMissingOrderId_ReportsRequiredOrderId()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"total":10}}"""), "properties.order_id", "required");
    }

    [Fact]
    public void Parse_WithOrderCompletedWithoutProperties_ReportsOrderIdAndTotal()
    {
        ErrorAssert.Exactly(
            Parse("""{"userId":"u-1","event":"Order Completed"}"""),
            ("properties.order_id", "required"),
            ("properties.total", "required"));
    }

    [Fact]
    public void Parse_WithOrderCompletedMissingTotalAndRevenue_ReportsRequiredTotal()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1"}}"""), "properties.total", "required");
    }

    [Theory]
    [InlineData("""{"order_id":"A-1","subtotal":"42.50"}""", 42.50)]
    [InlineData("""{"order_id":"A-1","products":[{"price":10,"quantity":2},{"price":"5.25"}]}""", 25.25)]
    [InlineData("""{"order_id":"A-1","total":30,"subtotal":25,"products":[{"price":1}]}""", 30)]
    public void Parse_WithOrderCompletedAmountOnlyInSubtotalOrProducts_TakesTheFirstGiven(string properties, double expected)
    {
        var captured = ErrorAssert.Valid(Parse($$"""{"userId":"u-1","event":"Order Completed","properties":{{properties}}}"""));

        Assert.Equal((decimal)expected, captured.Amount);
    }

    [Fact]
    public void Parse_WithOrderCompletedProductWithoutPrice_ReportsRequiredTotal()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1","products":[{"price":10},{"sku":"x"}]}}"""), "properties.total", "required");
    }

    [Fact]
    public void Parse_WithOrderRefundedOfZero_ReportsPositiveInsteadOfARefundInFull()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Refunded","properties":{"order_id":"A-1","total":0}}"""), "properties.total", "positive");
    }

    [Fact]
    public void Parse_WithOrderCompletedNegativeTotal_ReportsOnlyNonNegative()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1","total":-5}}"""), "properties.total", "non-negative");
    }

    [Fact]
    public void Parse_WithOrderCompletedTotalAsBoolean_ReportsNumberType()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1","total":true}}"""), "properties.total", "type:number");
    }

    [Fact]
    public void Parse_WithOrderCompletedTotalAsString_AcceptsMoney()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1","total":"19.99"}}"""));

        Assert.Equal(19.99m, captured.Amount);
    }

    [Fact]
    public void Parse_WithOrderCompletedNumericOrderId_AcceptsIt()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":1001,"total":5}}"""));

        Assert.Equal("1001", captured.OrderId);
        Assert.Equal("order_completed:1001", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithOrderCompletedCurrencyOverThreeLetters_ReportsMaxLength()
    {
        ErrorAssert.Single(Parse("""{"userId":"u-1","event":"Order Completed","properties":{"order_id":"A-1","total":5,"currency":"EURO"}}"""), "properties.currency", "max-length");
    }

    [Fact]
    public void Parse_WithOrderRefundedWithoutTotal_IsValidRefund()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Order Refunded","properties":{"order_id":"A-1"}}"""));

        Assert.Equal(EventTypes.OrderRefunded, captured.Type);
        Assert.Equal("A-1", captured.OrderId);
        Assert.Null(captured.Amount);
        Assert.Equal("order_refunded:A-1:full", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithOrderRefundedWithRefundId_KeysTheRefundByIt()
    {
        var captured = ErrorAssert.Valid(Parse("""{"userId":"u-1","event":"Order Refunded","properties":{"order_id":"A-1","total":12.5,"refund_id":"re-2"}}"""));

        Assert.Equal("re-2", captured.RefundId);
        Assert.Equal("order_refunded:A-1:id:re-2", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithOtherTrackEventCarryingOrderId_StaysTrackWithoutOrder()
    {
        var captured = ErrorAssert.Valid(Parse("""{"messageId":"m-9","userId":"u-1","event":"Product Viewed","properties":{"order_id":"A-1","total":"oops"}}"""));

        Assert.Equal(EventTypes.Track, captured.Type);
        Assert.Null(captured.OrderId);
        Assert.Null(captured.Amount);
        Assert.Equal("m-9", captured.DeduplicationKey);
    }

    [Fact]
    public void Parse_WithOrderWhoseProductsAddUpPastWhatAnAmountHolds_RefusesProductsWithRange()
    {
        const string json = """{"userId":"u-1","event":"Order Completed","properties":{"order_id":"o-big","products":[{"price":1e15,"quantity":2}]}}""";

        ErrorAssert.Single(Parse(json), "properties.products", "range");
    }

    /// <summary>Sums of amounts near a decimal's limit overflow in the recompute (AmountLimit): one such price is refused where it is.</summary>
    [Fact]
    public void Parse_WithAProductPricePastTheAmountLimit_RefusesThatPriceWithRange()
    {
        const string json = """{"userId":"u-1","event":"Order Completed","properties":{"order_id":"o-big","products":[{"price":1},{"price":1e28}]}}""";

        ErrorAssert.Single(Parse(json), "properties.products[1].price", "range");
    }
}
