using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

/// <summary>The timestamp range, at its boundaries and through every parser (so every channel gets it).</summary>
public class EventTimestampRuleTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<EventError> Check(DateTimeOffset timestamp, bool skewCorrected = false)
    {
        var reader = new JsonFieldReader();
        EventTimestampRule.Check(timestamp, ReceivedAt, reader, skewCorrected: skewCorrected);
        return reader.Errors;
    }

    [Fact]
    public void Check_WithFirstMomentOf1601_Accepts()
    {
        Assert.Empty(Check(EventTimestampRule.Earliest));
    }

    [Fact]
    public void Check_WithOneTickBefore1601_RefusesWithBefore1601()
    {
        var error = Assert.Single(Check(EventTimestampRule.Earliest.AddTicks(-1)));

        Assert.Equal(("timestamp", "before-1601"), (error.Field, error.Rule));
        Assert.StartsWith("'timestamp' is 1600-12-31T23:59:59Z; events dated before 1601-01-01T00:00:00Z cannot be stored.", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithExactlyOneDayAfterReceipt_Accepts()
    {
        Assert.Empty(Check(ReceivedAt + EventTimestampRule.MaxAhead));
    }

    [Fact]
    public void Check_WithOneTickMoreThanOneDayAfterReceipt_RefusesWithFuture()
    {
        var error = Assert.Single(Check(ReceivedAt + EventTimestampRule.MaxAhead + TimeSpan.FromTicks(1)));

        Assert.Equal(("timestamp", "future"), (error.Field, error.Rule));
        Assert.Contains("1 day after it was received (2026-11-23T10:00:00Z); an event may be dated at most 1 day ahead", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithSecondsReadAsMilliseconds_SaysHowFarAhead()
    {
        var error = Assert.Single(Check(new DateTimeOffset(2030, 11, 23, 10, 0, 0, TimeSpan.Zero)));

        Assert.StartsWith("'timestamp' is 2030-11-23T10:00:00Z, 1,461 days after it was received", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithSkewCorrectedTimestamp_SaysItWasCorrected()
    {
        var error = Assert.Single(Check(ReceivedAt.AddDays(2), skewCorrected: true));

        Assert.StartsWith("'timestamp' comes to 2026-11-25T10:00:00Z after clock-skew correction", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithLongPast_Accepts()
    {
        // Backfills of old order histories (CDNOW is 1997) are legitimate.
        Assert.Empty(Check(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("1600-12-31T23:59:59Z", "before-1601")]
    [InlineData("2026-11-24T10:00:01Z", "future")]
    public void SegmentParse_WithTimestampOutOfRange_RefusesTimestamp(string timestamp, string rule)
    {
        var json = TestJson.Parse($$"""{"userId":"u-1","event":"E","timestamp":"{{timestamp}}"}""");

        ErrorAssert.Single(SegmentEventParser.Parse(json, EventTypes.Track, ReceivedAt, SegmentBatchDefaults.None), "timestamp", rule);
    }

    [Fact]
    public void SegmentParse_WithClockAheadButSentAt_AcceptsTheCorrectedTimestamp()
    {
        // A device clock a year ahead: sentAt, on the same clock, brings it back to the moment of receipt.
        var json = TestJson.Parse("""{"userId":"u-1","event":"E","timestamp":"2027-11-23T09:59:00Z","sentAt":"2027-11-23T10:00:00Z"}""");

        var captured = ErrorAssert.Valid(SegmentEventParser.Parse(json, EventTypes.Track, ReceivedAt, SegmentBatchDefaults.None));

        Assert.Equal(ReceivedAt.AddMinutes(-1), captured.Timestamp);
    }

    [Fact]
    public void SegmentParse_WithSentAtAndTimestampAtOppositeEndsOfTime_RefusesInsteadOfOverflowing()
    {
        var json = TestJson.Parse("""{"userId":"u-1","event":"E","timestamp":"0001-01-01T00:00:00Z","sentAt":"9999-12-31T00:00:00Z"}""");

        ErrorAssert.Single(SegmentEventParser.Parse(json, EventTypes.Track, ReceivedAt, SegmentBatchDefaults.None), "timestamp", "before-1601");
    }

    [Theory]
    [InlineData("1600-12-31T23:59:59Z", "before-1601")]
    [InlineData("2026-11-24T10:00:01Z", "future")]
    public void PurchaseParse_WithTimestampOutOfRange_RefusesTimestamp(string timestamp, string rule)
    {
        var body = $$"""{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5,"timestamp":"{{timestamp}}"}""";

        ErrorAssert.Single(PurchaseEventParser.Parse(body, ReceivedAt), "timestamp", rule);
    }

    [Theory]
    [InlineData("1600-12-31T23:59:59Z", "before-1601")]
    [InlineData("2026-11-24T10:00:01Z", "future")]
    public void AdParse_WithTimestampOutOfRange_RefusesTimestamp(string timestamp, string rule)
    {
        var body = $$"""{"type":"click","channel":"c","campaign":"k","timestamp":"{{timestamp}}"}""";

        ErrorAssert.Single(AdEventParser.Parse(body, ReceivedAt), "timestamp", rule);
    }

    [Fact]
    public void PurchaseParse_WithTimestampOneDayAhead_Accepts()
    {
        var body = """{"type":"order_completed","orderId":"A-1","userId":"u-1","amount":5,"timestamp":"2026-11-24T10:00:00Z"}""";

        ErrorAssert.Valid(PurchaseEventParser.Parse(body, ReceivedAt));
    }
}
