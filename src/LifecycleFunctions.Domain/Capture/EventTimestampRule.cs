using System.Globalization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// The range an event's timestamp must fall in, whatever its channel, checked after Segment's clock-skew
/// correction. A date out of it is a sender's bug, not an event: refused with a reason rather than stored.
/// </summary>
public static class EventTimestampRule
{
    public const string BeforeTableStorageRule = "before-1601";
    public const string FutureRule = "future";

    /// <summary>Table Storage's DateTime starts here: an earlier one fails the whole transaction the event shares with others.</summary>
    public static readonly DateTimeOffset Earliest = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How far after its receipt an event may be dated. A day covers a server-side sender's clock that is off by
    /// hours and time-zone mistakes (±14 h) when no sentAt lets us correct it; beyond that it is a clock years out
    /// or seconds taken for milliseconds, and such an event would sit in the future of every stage and cohort.
    /// </summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    /// <param name="skewCorrected">The timestamp was computed from sentAt (receivedAt − (sentAt − timestamp)), so the detail says so.</param>
    public static void Check(DateTimeOffset timestamp, DateTimeOffset receivedAt, JsonFieldReader reader, string field = "timestamp", bool skewCorrected = false)
    {
        var stated = skewCorrected
            ? $"'{field}' comes to {Format(timestamp)} after clock-skew correction (received at {Format(receivedAt)} minus sentAt − {field})"
            : $"'{field}' is {Format(timestamp)}";
        if (timestamp < Earliest)
        {
            reader.Fail(field, BeforeTableStorageRule, $"{stated}; events dated before 1601-01-01T00:00:00Z cannot be stored. Check how the sender writes dates (a year 0001 is an unset date).");
        }
        else if (timestamp - receivedAt > MaxAhead)
        {
            var ahead = (timestamp - receivedAt).TotalDays.ToString("#,0.#", CultureInfo.InvariantCulture);
            reader.Fail(field, FutureRule, $"{stated}, {ahead} {(ahead == "1" ? "day" : "days")} after it was received ({Format(receivedAt)}); an event may be dated at most 1 day ahead. Check the sender's clock, and that it does not write seconds where milliseconds are meant.");
        }
    }

    private static string Format(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
