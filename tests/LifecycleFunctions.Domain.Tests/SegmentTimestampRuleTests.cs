using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class SegmentTimestampRuleTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Correct_WithClientClockBehind_ReturnsReceivedAtMinusSendDelay()
    {
        // The device clock is 3 hours behind; it created the event 2 s before sending it.
        var timestamp = new DateTimeOffset(2026, 11, 23, 6, 59, 58, TimeSpan.Zero);
        var sentAt = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(ReceivedAt.AddSeconds(-2), SegmentTimestampRule.Correct(timestamp, sentAt, ReceivedAt));
    }

    [Fact]
    public void Correct_WithClientClockAhead_ReturnsReceivedAtMinusSendDelay()
    {
        // The device clock is a day ahead; the event waited 90 s in the client's queue.
        var timestamp = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var sentAt = timestamp.AddSeconds(90);

        Assert.Equal(ReceivedAt.AddSeconds(-90), SegmentTimestampRule.Correct(timestamp, sentAt, ReceivedAt));
    }

    [Fact]
    public void Correct_WithTimestampAndSentAtInDifferentOffsets_UsesTheirInstants()
    {
        var timestamp = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.FromHours(2));   // 09:00Z
        var sentAt = new DateTimeOffset(2026, 11, 23, 4, 0, 10, TimeSpan.FromHours(-5));     // 09:00:10Z

        Assert.Equal(ReceivedAt.AddSeconds(-10), SegmentTimestampRule.Correct(timestamp, sentAt, ReceivedAt));
    }

    [Fact]
    public void Correct_WithoutSentAt_ReturnsTimestampUnchanged()
    {
        var timestamp = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(timestamp, SegmentTimestampRule.Correct(timestamp, null, ReceivedAt));
    }

    [Fact]
    public void Correct_WithoutTimestamp_ReturnsReceivedAt()
    {
        var sentAt = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(ReceivedAt, SegmentTimestampRule.Correct(null, sentAt, ReceivedAt));
    }

    [Fact]
    public void Correct_WithNeitherTimestampNorSentAt_ReturnsReceivedAt()
    {
        Assert.Equal(ReceivedAt, SegmentTimestampRule.Correct(null, null, ReceivedAt));
    }

    [Fact]
    public void Correct_WithSentAtEqualToTimestamp_ReturnsReceivedAt()
    {
        var moment = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(ReceivedAt, SegmentTimestampRule.Correct(moment, moment, ReceivedAt));
    }
}
