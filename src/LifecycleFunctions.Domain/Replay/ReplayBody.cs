using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Replay;

/// <summary>
/// What a replay sends: the recorded body, plus what it needs to land where it would have landed the first
/// time. A body that is not a JSON object goes as it is (it fails again, with its reason).
/// </summary>
public static class ReplayBody
{
    /// <param name="originalId">The queue message id the body first arrived under (with <c>:index</c> for a batch item's record).</param>
    /// <param name="firstQueuedAt">
    /// For a source whose events without <c>timestamp</c> are dated when queued (ads, purchases): about when the
    /// first arrival was queued. An event without one gets it, or the replay would date it on the replay's day
    /// (a purchase from before an outage would open a cohort and reset a lapse clock days late).
    /// </param>
    public static string ForQueue(ReplayIdRule rule, string body, string originalId, DateTimeOffset? firstQueuedAt = null) =>
        AsSentIfNotText(body, () => CompleteQueueBody(rule, body, originalId, firstQueuedAt));

    private static string CompleteQueueBody(ReplayIdRule rule, string body, string originalId, DateTimeOffset? firstQueuedAt)
    {
        if ((rule != ReplayIdRule.AdReport && firstQueuedAt is null) || TryParseObject(body) is not { } root)
        {
            return body;
        }

        var changed = false;
        if (root["batch"] is JsonArray batch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i] is JsonObject item)
                {
                    changed |= Complete(item, rule, $"{originalId}:{i}", firstQueuedAt);
                }
            }
        }
        else
        {
            changed = Complete(root, rule, originalId, firstQueuedAt);
        }

        return changed ? root.ToJsonString() : body;
    }

    private static bool Complete(JsonObject item, ReplayIdRule rule, string originalId, DateTimeOffset? firstQueuedAt)
    {
        var changed = rule == ReplayIdRule.AdReport && AddAdId(item, originalId);
        if (firstQueuedAt is { } queuedAt && item["timestamp"] is null)
        {
            item["timestamp"] = Format(queuedAt);
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// A Segment event recorded as rejected at <paramref name="receivedAt"/>: it keeps its record's id (an event
    /// without messageId would get a random one, and a repeated replay would count twice), and the time it
    /// happened as the first receipt gave it, since the replay is received now.
    /// </summary>
    public static string ForWebsiteItem(string raw, string id, DateTimeOffset receivedAt) =>
        AsSentIfNotText(raw, () => CompleteWebsiteItem(raw, id, receivedAt));

    /// <summary>
    /// A body holding an unpaired surrogate escape ("\ud800") cannot be rewritten by JsonNode: it is sent as it was
    /// and refused again for it (rule unicode), rather than stopping the replay.
    /// </summary>
    private static string AsSentIfNotText(string body, Func<string> rewrite)
    {
        try
        {
            return rewrite();
        }
        catch (InvalidOperationException)
        {
            return body;
        }
    }

    private static string CompleteWebsiteItem(string raw, string id, DateTimeOffset receivedAt)
    {
        if (TryParseObject(raw) is not { } item)
        {
            return raw;
        }

        if (IsMissingId(item["messageId"]))
        {
            item["messageId"] = id;
        }

        if (item["timestamp"] is null && item["originalTimestamp"] is null)
        {
            // The first receipt took its own time and had no use for sentAt; left in, sentAt would skew the replay's.
            item["timestamp"] = Format(receivedAt);
            if (TimestampOf(item["sentAt"]) is not null)
            {
                item.Remove("sentAt");
            }
        }
        else if (TimestampOf(item["sentAt"]) is { } sentAt && TimestampOf(item["timestamp"] ?? item["originalTimestamp"]) is { } timestamp)
        {
            item["timestamp"] = Format(SegmentTimestampRule.Correct(timestamp, sentAt, receivedAt));
            item.Remove("originalTimestamp");
            item.Remove("sentAt");
        }

        return item.ToJsonString();
    }

    private static bool AddAdId(JsonObject report, string fallbackId)
    {
        if (!IsMissingId(report["messageId"]) || !IsMissingId(report["clickId"]))
        {
            return false;
        }

        // The id AdEventParser gives a report without one, so the replay lands on the first arrival's key.
        report["messageId"] = "ad-" + fallbackId;
        return true;
    }

    /// <summary>As the parsers read ids: null and blank are none (any other value fails again, as it did).</summary>
    private static bool IsMissingId(JsonNode? node) =>
        node is null || (node is JsonValue value && value.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text));

    private static JsonObject? TryParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Only what capture accepts: a time it refuses stays as it is and is refused again, not rewritten into one it takes.</summary>
    private static DateTimeOffset? TimestampOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && JsonFieldReader.TryParseTimestamp(text, out var parsed)
            ? parsed
            : null;

    // To the tick, so the replay lands exactly where the first receipt would have.
    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
