using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Checks every key an event will be stored under, in its stored (escaped) form: the event's row, its order
/// claim, each person it names (their state, identity, member and history rows), and the campaign and channel
/// rows the recompute files it under. An id within its length limit may still escape past the store's key
/// limit ("%" becomes "%25"), and one such event in a shared transaction would fail every other sender's
/// events with it; refused here, it is one sender's clear error instead.
/// </summary>
public static class StoredKeyRule
{
    public const string Rule = "stored-key-length";

    /// <summary>The longest text the recompute adds to a person's key: a stage-history row, "{person}|yyyyMMdd-N".</summary>
    public const int PersonRowSuffix = 11;

    /// <summary>A funnel row by channel: "channel|{channel}|1-Acquisition", the longest stage name.</summary>
    public const int ChannelRowAffixes = 8 + 14;

    public static IReadOnlyList<(StoredKeyField Field, string Detail)> Problems(CapturedEvent e)
    {
        if (CannotExceed(e))
        {
            // The recompute asks this of every event it reads: most are far too short to need the touch parsed.
            return [];
        }

        var problems = new List<(StoredKeyField, string)>();
        CheckEventKey(e, problems);
        Person(StoredKeyField.UserId, e.UserId is null ? null : IdentityKey.UserPrefix + e.UserId, problems);
        Person(StoredKeyField.AnonymousId, e.AnonymousId is null ? null : IdentityKey.AnonymousPrefix + e.AnonymousId, problems);
        if (e.Type == EventTypes.Alias && e.PreviousId is { } previous)
        {
            // An alias links the previous id as both an anonymous and a user id; the longer prefix decides.
            Person(StoredKeyField.PreviousId, IdentityKey.AnonymousPrefix + previous, problems);
        }

        CheckCampaign(e, problems);
        return problems;
    }

    /// <summary>
    /// Whether every key is within the limit even if each character took three: ids up to 160 characters
    /// (person keys add 2 and 11, the event's key at most 16 for a refund's affixes), channel and campaign texts
    /// up to 80 (their rows add at most 22).
    /// </summary>
    private static bool CannotExceed(CapturedEvent e) =>
        Short(e.MessageId, 160) && Short(e.OrderId, 80) && Short(e.RefundId, 80) && Short(e.UserId, 160) && Short(e.AnonymousId, 160)
        && Short(e.PreviousId, 160) && Short(e.UtmSource, 80) && Short(e.UtmCampaign, 80) && Short(e.Referrer, 80)
        && Short(e.Channel, 80) && Short(e.Campaign, 80);

    private static bool Short(string? text, int length) => text is null || text.Length <= length;

    /// <summary>Adds one error per unstorable key to <paramref name="reader"/>, each under the field the sender named.</summary>
    public static void Check(CapturedEvent e, JsonFieldReader reader, Func<StoredKeyField, string> pathOf)
    {
        foreach (var (field, detail) in Problems(e))
        {
            reader.Fail(pathOf(field), Rule, $"'{pathOf(field)}' {detail}");
        }
    }

    /// <summary>Whether a person's rows can all be stored under this key (the recompute's guard for events stored before this rule).</summary>
    public static bool FitsPerson(string personKey) => StoredKey.EscapedLength(personKey) + PersonRowSuffix <= StoredKey.MaxLength;

    private static void CheckEventKey(CapturedEvent e, List<(StoredKeyField, string)> problems)
    {
        var length = StoredKey.EscapedLength(e.DeduplicationKey);
        if (length <= StoredKey.MaxLength)
        {
            return;
        }

        var field = e.OrderId is null || !EventTypes.IsPurchase(e.Type) ? StoredKeyField.MessageId
            : e.Type == EventTypes.OrderRefunded && StoredKey.EscapedLength($"{e.Type}:{e.OrderId}:") <= StoredKey.MaxLength ? StoredKeyField.RefundId
            : StoredKeyField.OrderId;
        problems.Add((field, Explain(length, StoredKey.MaxLength, "the event's key")));
    }

    private static void Person(StoredKeyField field, string? key, List<(StoredKeyField, string)> problems)
    {
        if (key is null)
        {
            return;
        }

        var length = StoredKey.EscapedLength(key) + PersonRowSuffix;
        if (length > StoredKey.MaxLength)
        {
            problems.Add((field, Explain(length, StoredKey.MaxLength, "the person's stage-history key")));
        }
    }

    private static void CheckCampaign(CapturedEvent e, List<(StoredKeyField, string)> problems)
    {
        var touch = PersonFolder.TouchOf(e);
        var channel = e.Type is EventTypes.AdClick or EventTypes.AdImpression ? (e.Channel ?? string.Empty).ToLowerInvariant() : touch?.Channel;
        var campaign = e.Type is EventTypes.AdClick or EventTypes.AdImpression ? e.Campaign : touch?.Campaign;
        if (channel is null)
        {
            return;
        }

        var channelLength = StoredKey.EscapedLength(channel) + ChannelRowAffixes;
        if (channelLength > StoredKey.MaxLength)
        {
            problems.Add((StoredKeyField.Channel, Explain(channelLength, StoredKey.MaxLength, "the channel's funnel key")));
            return;
        }

        var campaignLength = StoredKey.EscapedLength($"{channel}|{campaign ?? string.Empty}");
        if (campaignLength > StoredKey.MaxLength)
        {
            problems.Add((StoredKeyField.Campaign, Explain(campaignLength, StoredKey.MaxLength, "the campaign's key (channel and campaign)")));
        }
    }

    private static string Explain(int length, int limit, string what) =>
        $"makes {what} {length:N0} characters long once stored ('/', '\\', '#', '?', '%', '|' and control characters take 3 each); the store's limit is {limit:N0}. Send a shorter id, or one with fewer of those characters.";
}
