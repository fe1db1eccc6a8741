using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Domain.Tests.Replay;

/// <summary>
/// A re-sent queue message gets a new message id; these check, through the real parsers, that what the replay
/// sends is keyed as its first arrival was.
/// </summary>
public class ReplayBodyForQueueTests
{
    private const string FirstMessageId = "q-first";
    private const string ReplayMessageId = "q-replay";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> AdIds(string body, string queueMessageId) =>
        QueueMessageItems.Parse(body, ReceivedAt, AdEventParser.Parse, queueMessageId).Select(i => ErrorAssert.Valid(i.Result).MessageId).ToList();

    [Fact]
    public void ForQueue_WithAdReportWithoutIds_IsKeyedAsItsFirstArrival()
    {
        const string body = """{"type":"impression","channel":"meta","campaign":"bf","count":100}""";

        var replayed = ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId);

        Assert.Equal(["ad-q-first"], AdIds(body, FirstMessageId));
        Assert.Equal(AdIds(body, FirstMessageId), AdIds(replayed, ReplayMessageId));
    }

    [Theory]
    [InlineData("""{"type":"click","channel":"meta","campaign":"bf","messageId":"clk-1"}""")]
    [InlineData("""{"type":"click","channel":"meta","campaign":"bf","clickId":"gclid-1"}""")]
    [InlineData("""{"type":"click","channel":"meta","campaign":"bf","messageId":"clk-1","clickId":"gclid-1"}""")]
    public void ForQueue_WithAdReportWithItsOwnId_SendsTheBodyUnchanged(string body)
    {
        Assert.Equal(body, ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId));
    }

    [Theory]
    [InlineData("""{"type":"impression","channel":"meta","campaign":"bf","messageId":null}""")]
    [InlineData("""{"type":"impression","channel":"meta","campaign":"bf","messageId":""}""")]
    [InlineData("""{"type":"impression","channel":"meta","campaign":"bf","messageId":"  ","clickId":""}""")]
    public void ForQueue_WithAdReportWithNullOrBlankIds_IsKeyedAsItsFirstArrival(string body)
    {
        // The parser reads a null or blank id as none, and keys the report by its queue message id.
        var replayed = ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId);

        Assert.Equal(["ad-q-first"], AdIds(replayed, ReplayMessageId));
    }

    [Fact]
    public void ForQueue_WithPoisonedBatchOfAdReports_KeysEachItemByItsIndexAsItsFirstArrival()
    {
        const string body = """{"batch":[{"type":"impression","channel":"meta","campaign":"a"},{"type":"click","channel":"meta","campaign":"a","clickId":"g-1"},{"type":"impression","channel":"meta","campaign":"b"}]}""";

        var replayed = ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId);

        Assert.Equal(["ad-q-first:0", "g-1", "ad-q-first:2"], AdIds(body, FirstMessageId));
        Assert.Equal(AdIds(body, FirstMessageId), AdIds(replayed, ReplayMessageId));
    }

    [Fact]
    public void ForQueue_WithBatchHoldingANonObjectItem_LeavesThatItemAsItWas()
    {
        const string body = """{"batch":[42,{"type":"impression","channel":"meta","campaign":"a"}]}""";

        var replayed = ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId);

        Assert.Equal("""{"batch":[42,{"type":"impression","channel":"meta","campaign":"a","messageId":"ad-q-first:1"}]}""", replayed);
    }

    [Fact]
    public void ForQueue_WithBatchItemsRecord_KeysTheItemAsItWasKeyedInItsBatch()
    {
        // An invalid item's record holds the item alone, under "<message id>:<index>".
        const string batch = """{"batch":[{"type":"impression","channel":"meta","campaign":"a"},{"type":"impression","channel":"meta","campaign":"b"}]}""";
        const string item = """{"type":"impression","channel":"meta","campaign":"b"}""";

        var replayed = ReplayBody.ForQueue(ReplayIdRule.AdReport, item, FirstMessageId + ":1");

        Assert.Equal(AdIds(batch, FirstMessageId)[1], Assert.Single(AdIds(replayed, ReplayMessageId)));
    }

    [Fact]
    public void ForQueue_WithPurchase_SendsTheBodyUnchanged()
    {
        // Purchases are keyed by their order, whichever message carries them.
        const string body = """{"type":"order_completed","orderId":"o-1","userId":"u-1","amount":10}""";

        Assert.Equal(body, ReplayBody.ForQueue(ReplayIdRule.None, body, FirstMessageId));
    }

    [Theory]
    [InlineData("not json {")]
    [InlineData("")]
    [InlineData("""[{"type":"impression"}]""")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    public void ForQueue_WithBodyThatIsNotAJsonObject_SendsItAsItIsToFailAgainWithItsReason(string body)
    {
        Assert.Equal(body, ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId));
    }

    [Fact]
    public void ForQueue_WithPurchaseWithoutTimestamp_IsDatedWhenItWasFirstQueuedNotOnTheReplaysDay()
    {
        const string body = """{"type":"order_completed","orderId":"A-1","userId":"u","amount":20}""";
        var replayDay = ReceivedAt.AddDays(3);

        var replayed = ReplayBody.ForQueue(ReplayIdRule.None, body, FirstMessageId, ReceivedAt);

        Assert.Equal(ErrorAssert.Valid(PurchaseEventParser.Parse(body, ReceivedAt)).Timestamp, ErrorAssert.Valid(PurchaseEventParser.Parse(replayed, replayDay)).Timestamp);
    }

    [Fact]
    public void ForQueue_WithBatchOfAdReportsPartlyDated_DatesOnlyThoseWithoutATimestamp()
    {
        const string body = """{"batch":[{"type":"impression","channel":"meta","campaign":"a"},{"type":"impression","channel":"meta","campaign":"a","timestamp":"2026-11-01T08:00:00Z"}]}""";

        var replayed = ReplayBody.ForQueue(ReplayIdRule.AdReport, body, FirstMessageId, ReceivedAt);

        var times = QueueMessageItems.Parse(replayed, ReceivedAt.AddDays(3), AdEventParser.Parse, ReplayMessageId).Select(i => ErrorAssert.Valid(i.Result).Timestamp).ToList();
        Assert.Equal([ReceivedAt, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero)], times);
    }

    [Fact]
    public void ForQueue_WithoutAFirstQueuedTime_LeavesAnUndatedPurchaseAsItIs()
    {
        const string body = """{"type":"order_completed","orderId":"A-1","userId":"u","amount":20}""";

        Assert.Equal(body, ReplayBody.ForQueue(ReplayIdRule.None, body, FirstMessageId));
    }
}
