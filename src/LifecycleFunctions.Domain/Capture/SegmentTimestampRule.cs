namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Segment's clock-skew correction: devices' clocks are wrong, but the gap between creating an event and
/// sending it is measured on the same wrong clock, so subtracting that gap from the server's receive time
/// gives a trustworthy timestamp.
/// </summary>
public static class SegmentTimestampRule
{
    public static DateTimeOffset Correct(DateTimeOffset? originalTimestamp, DateTimeOffset? sentAt, DateTimeOffset receivedAt)
    {
        if (originalTimestamp is null)
        {
            return receivedAt;
        }

        if (sentAt is null)
        {
            return originalTimestamp.Value;
        }

        // In ticks, clamped: sentAt and timestamp at opposite ends of time would overflow DateTimeOffset, and
        // the clamped value is then refused by EventTimestampRule like any other date out of range.
        var ticks = receivedAt.UtcTicks - (sentAt.Value.UtcTicks - originalTimestamp.Value.UtcTicks);
        return new DateTimeOffset(Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
    }
}
