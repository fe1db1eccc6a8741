using System.Text.Json.Nodes;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Domain.Tests.Replay;

/// <summary>
/// A rejected website item replayed days later is received then, not when it was first rejected; these check,
/// through the real parser, that it lands with the id and time its first receipt would have given it.
/// </summary>
public class ReplayBodyForWebsiteItemTests
{
    private const string RecordId = "item-0123abcd";
    private static readonly DateTimeOffset FirstReceivedAt = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ReplayedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static EventParseResult Parse(string item, DateTimeOffset receivedAt) =>
        SegmentEventParser.Parse(TestJson.Parse(item), null, receivedAt, SegmentBatchDefaults.None);

    private static CapturedEvent Replayed(string item) =>
        ErrorAssert.Valid(Parse(ReplayBody.ForWebsiteItem(item, RecordId, FirstReceivedAt), ReplayedAt));

    [Fact]
    public void ForWebsiteItem_WithAnUnpairedSurrogateEscape_IsSentAsItWasAndRefusedAgainForIt()
    {
        const string item = """{"type":"track","userId":"\ud800","event":"Signed Up"}""";

        var body = ReplayBody.ForWebsiteItem(item, RecordId, FirstReceivedAt);

        Assert.Equal(item, body);
        Assert.Equal(JsonText.UnicodeRule, Assert.Single(Parse(body, ReplayedAt).Errors).Rule);
    }

    [Fact]
    public void ForQueue_WithAnUnpairedSurrogateEscape_IsSentAsItWas()
    {
        const string report = """{"type":"click","channel":"\ud800","campaign":"k"}""";

        Assert.Equal(report, ReplayBody.ForQueue(ReplayIdRule.AdReport, report, "q-1", FirstReceivedAt));
    }

    [Fact]
    public void ForWebsiteItem_WithoutMessageId_GetsItsRecordsId()
    {
        var replayed = Replayed("""{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"2026-11-20T08:29:00Z"}""");

        Assert.Equal(RecordId, replayed.MessageId);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public void ForWebsiteItem_WithNullOrBlankMessageId_GetsItsRecordsId(string messageId)
    {
        // The parser reads these as no id and would give a random one, so a repeated replay would count twice.
        var replayed = Replayed($$"""{"type":"track","userId":"u-1","event":"Signed Up","messageId":{{messageId}}}""");

        Assert.Equal(RecordId, replayed.MessageId);
    }

    [Fact]
    public void ForWebsiteItem_WithMessageId_KeepsIt()
    {
        var replayed = Replayed("""{"type":"track","userId":"u-1","event":"Signed Up","messageId":"ajs-1"}""");

        Assert.Equal("ajs-1", replayed.MessageId);
    }

    [Fact]
    public void ForWebsiteItem_WithoutTimestamp_HappenedWhenFirstReceived()
    {
        var replayed = Replayed("""{"type":"track","userId":"u-1","event":"Signed Up"}""");

        Assert.Equal(FirstReceivedAt, replayed.Timestamp);
    }

    [Fact]
    public void ForWebsiteItem_WithSentAtButNoTimestamp_HappenedWhenFirstReceived()
    {
        // Without a timestamp the first receipt took its own time and had no use for sentAt.
        const string item = """{"type":"track","userId":"u-1","event":"Signed Up","sentAt":"2026-11-20T05:00:00Z"}""";

        Assert.Equal(FirstReceivedAt, Replayed(item).Timestamp);
    }

    [Fact]
    public void ForWebsiteItem_WithTimestampAndSentAt_CorrectsTheClockSkewAsOfTheFirstReceipt()
    {
        // The device clock is 3 hours behind; the event waited 2 s on the device before it was sent.
        const string item = """{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"2026-11-20T05:29:58Z","sentAt":"2026-11-20T05:30:00Z"}""";

        Assert.Equal(FirstReceivedAt.AddSeconds(-2), Replayed(item).Timestamp);
    }

    [Fact]
    public void ForWebsiteItem_WithOriginalTimestampAndSentAt_CorrectsTheClockSkewAsOfTheFirstReceipt()
    {
        const string item = """{"type":"track","userId":"u-1","event":"Signed Up","originalTimestamp":"2026-11-20T05:29:58Z","sentAt":"2026-11-20T05:30:00Z"}""";

        Assert.Equal(FirstReceivedAt.AddSeconds(-2), Replayed(item).Timestamp);
    }

    [Fact]
    public void ForWebsiteItem_WithSubMillisecondTimes_KeepsTheFirstReceiptsTimeToTheTick()
    {
        const string item = """{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"2026-11-20T05:29:58.1234567Z","sentAt":"2026-11-20T05:30:00Z"}""";
        var firstReceivedAt = FirstReceivedAt.AddTicks(12_345);

        var replayed = ErrorAssert.Valid(Parse(ReplayBody.ForWebsiteItem(item, RecordId, firstReceivedAt), ReplayedAt));

        Assert.Equal(ErrorAssert.Valid(Parse(item, firstReceivedAt)).Timestamp, replayed.Timestamp);
    }

    [Fact]
    public void ForWebsiteItem_WithTimestampButNoSentAt_KeepsTheTimestamp()
    {
        const string item = """{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"2026-11-19T23:00:00+01:00"}""";

        Assert.Equal(new DateTimeOffset(2026, 11, 19, 22, 0, 0, TimeSpan.Zero), Replayed(item).Timestamp);
    }

    [Theory]
    [InlineData("""{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"11/20/2026 05:29:58","sentAt":"2026-11-20T05:30:00Z"}""", "timestamp")]
    [InlineData("""{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"2026-11-20T05:29:58Z","sentAt":"11/20/2026 05:30:00"}""", "sentAt")]
    [InlineData("""{"type":"track","userId":"u-1","event":"Signed Up","timestamp":1763616598,"sentAt":"2026-11-20T05:30:00Z"}""", "timestamp")]
    public void ForWebsiteItem_WithTimeThatIsNotIso8601_LeavesItToBeRejectedAgain(string item, string field)
    {
        // Rewriting a time capture refuses into one it accepts would replay a guess as data.
        var replayed = Parse(ReplayBody.ForWebsiteItem(item, RecordId, FirstReceivedAt), ReplayedAt);

        ErrorAssert.Single(replayed, field, "iso-8601");
    }

    [Fact]
    public void ForWebsiteItem_WithOtherFields_KeepsThemAsTheyWere()
    {
        const string item = """{"type":"track","userId":"u-1","event":"Order Completed","properties":{"order_id":"o-1","total":"59.90"},"context":{"page":{"url":"https://shop.example/"}},"messageId":"ajs-2","timestamp":"2026-11-20T05:29:58Z"}""";

        var replayed = ReplayBody.ForWebsiteItem(item, RecordId, FirstReceivedAt);

        Assert.True(TestJson.AreEquivalent(item, replayed), replayed);
    }

    [Theory]
    [InlineData("not json {")]
    [InlineData("""[{"type":"track"}]""")]
    [InlineData("42")]
    [InlineData("null")]
    public void ForWebsiteItem_WithBodyThatIsNotAJsonObject_SendsItAsItIsToFailAgainWithItsReason(string raw)
    {
        Assert.Equal(raw, ReplayBody.ForWebsiteItem(raw, RecordId, FirstReceivedAt));
    }

    [Fact]
    public void ForWebsiteItem_WithClockSkewCorrected_DropsSentAtSoTheReplayDoesNotCorrectItAgain()
    {
        const string item = """{"type":"track","userId":"u-1","event":"Signed Up","timestamp":"2026-11-20T05:29:58Z","sentAt":"2026-11-20T05:30:00Z"}""";

        var replayed = JsonNode.Parse(ReplayBody.ForWebsiteItem(item, RecordId, FirstReceivedAt))!.AsObject();

        Assert.False(replayed.ContainsKey("sentAt"));
        Assert.False(replayed.ContainsKey("originalTimestamp"));
    }
}
