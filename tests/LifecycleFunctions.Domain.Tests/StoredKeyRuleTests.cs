using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

/// <summary>
/// The store's key limit is 512 UTF-16 characters (Table Storage: "1 KiB"; Azurite's DEFAULT_KEY_MAX_LENGTH = 512),
/// checked on the escaped form, since '%' and '/' take three characters each once stored.
/// </summary>
public sealed class StoredKeyRuleTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static EventParseResult Track(string fields) =>
        SegmentEventParser.Parse(TestJson.Parse($$"""{"event":"Viewed",{{fields}}}"""), EventTypes.Track, ReceivedAt, SegmentBatchDefaults.None);

    [Fact]
    public void Parse_WithMessageIdOfPercentSignsEscapingPastTheLimit_RefusesMessageId()
    {
        // 200 characters pass the 255-character id limit; escaped they are 600, over the key limit.
        ErrorAssert.Single(Track($$"""
            "userId":"u-1","messageId":"{{new string('%', 200)}}"
            """), "messageId", StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithMessageIdEscapingToExactlyTheLimit_AcceptsIt()
    {
        // 170 escapes (510) and two plain characters: 512, the limit itself.
        var id = new string('#', 170) + "ab";

        var captured = ErrorAssert.Valid(Track($$"""
            "userId":"u-1","messageId":"{{id.Replace("#", "\\u0023", StringComparison.Ordinal)}}"
            """));

        Assert.Equal(StoredKey.MaxLength, StoredKey.Escape(captured.DeduplicationKey).Length);
    }

    [Fact]
    public void Parse_WithMessageIdEscapingOnePastTheLimit_RefusesIt()
    {
        var id = new string('#', 170) + "abc";

        ErrorAssert.Single(Track($$"""
            "userId":"u-1","messageId":"{{id.Replace("#", "\\u0023", StringComparison.Ordinal)}}"
            """), "messageId", StoredKeyRule.Rule);
    }

    [Theory]
    [InlineData("userId")]
    [InlineData("anonymousId")]
    public void Parse_WithPersonIdOfSlashes_RefusesThatId(string field)
    {
        ErrorAssert.Single(Track($$"""
            "{{field}}":"{{new string('/', 200)}}"
            """), field, StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithPersonIdFillingTheKeyWithRoomForItsHistoryRows_AcceptsIt()
    {
        // 255 characters escaping to 499: "u:" + 499 = 501, and a history row adds "|yyyyMMdd-N": 512.
        var userId = new string('x', 133) + new string('/', 122);

        var captured = ErrorAssert.Valid(Track($$"""
            "userId":"{{userId}}"
            """));

        Assert.Equal(StoredKey.MaxLength, StoredKey.Escape(captured.PersonKey!).Length + StoredKeyRule.PersonRowSuffix);
    }

    [Fact]
    public void Parse_WithAliasPreviousIdOfSlashes_RefusesPreviousId()
    {
        var result = SegmentEventParser.Parse(
            TestJson.Parse($$"""{"userId":"u-1","previousId":"{{new string('?', 200)}}"}"""), EventTypes.Alias, ReceivedAt, SegmentBatchDefaults.None);

        ErrorAssert.Single(result, "previousId", StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithOrderIdEscapingPastTheLimit_RefusesOrderId()
    {
        var json = $$$"""{"event":"Order Completed","userId":"u-1","properties":{"order_id":"{{{new string('/', 200)}}}","total":5}}""";

        var result = SegmentEventParser.Parse(TestJson.Parse(json), EventTypes.Track, ReceivedAt, SegmentBatchDefaults.None);

        ErrorAssert.Single(result, "properties.order_id", StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithUtmSourceTooLongForItsChannelRow_RefusesTheSource()
    {
        ErrorAssert.Single(Track($$$"""
            "userId":"u-1","context":{"campaign":{"source":"{{{new string('s', 600)}}}","name":"spring"}}
            """), "context.campaign.source", StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithUtmCampaignTooLongForItsCampaignRow_RefusesTheCampaignName()
    {
        ErrorAssert.Single(Track($$$"""
            "userId":"u-1","context":{"campaign":{"source":"google","name":"{{{new string('|', 200)}}}"}}
            """), "context.campaign.name", StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithPurchaseMessageRefundIdPastTheLimit_RefusesRefundId()
    {
        var body = $$$"""{"type":"order_refunded","orderId":"A-1","userId":"u-1","amount":5,"refundId":"{{{new string('#', 200)}}}"}""";

        ErrorAssert.Single(PurchaseEventParser.Parse(body, ReceivedAt), "refundId", StoredKeyRule.Rule);
    }

    [Fact]
    public void Parse_WithAdClickIdOfSlashesAndNoMessageId_RefusesClickId()
    {
        var body = $$$"""{"type":"click","channel":"google-ads","campaign":"spring","clickId":"{{{new string('/', 200)}}}"}""";

        ErrorAssert.Single(AdEventParser.Parse(body, ReceivedAt), "clickId", StoredKeyRule.Rule);
    }

    [Fact]
    public void FitsPerson_WithKeyLeavingRoomForHistoryRows_IsTrueAndOnePastIsFalse()
    {
        Assert.True(StoredKeyRule.FitsPerson("u:" + new string('x', 499)));
        Assert.False(StoredKeyRule.FitsPerson("u:" + new string('x', 500)));
    }
}
