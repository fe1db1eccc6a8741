namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// Everything the stage rules and the analytics need to know about one person, folded from their events.
/// Every field merges by min, max or union, so folding is idempotent and merging is commutative and
/// associative: folding the same event twice, folding in any order, or merging two partial states (an
/// anonymous visitor's history into the known user's) all give the state of all the events once. That is what
/// makes the nightly job safe to rerun after a crash and to split into shards.
/// </summary>
public sealed class PersonState
{
    /// <summary>
    /// Days with an advocacy signal kept per person (one signal a day, its earliest): enough that a heavy
    /// reviewer's older advocacy spells stay in their history, and the state stays small.
    /// </summary>
    public const int MaxAdvocacySignals = 64;

    public required string Key { get; init; }
    public DateTimeOffset? FirstSeen { get; set; }
    public DateTimeOffset? LastSeen { get; set; }
    public DateTimeOffset? IdentifiedAt { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset? EmailAt { get; set; }
    public SortedDictionary<string, OrderFact> Orders { get; init; } = new(StringComparer.Ordinal);
    public SortedSet<DateTimeOffset> AdvocacySignals { get; init; } = [];
    public Touch? FirstTouch { get; set; }
    public Touch? LastTouch { get; set; }

    /// <summary>Other keys (anonymous ids) whose history was merged into this person.</summary>
    public SortedSet<string> MergedKeys { get; init; } = new(StringComparer.Ordinal);

    public string FirstTouchChannel => FirstTouch?.Channel ?? Touch.Direct;

    /// <summary>
    /// The first touch as known before <paramref name="end"/>: a run as of an earlier day (a backfill) must not
    /// credit a campaign the person met only after it.
    /// </summary>
    public Touch? FirstTouchBefore(DateTimeOffset end) => FirstTouch is { } touch && touch.At < end ? touch : null;

    public string FirstTouchChannelBefore(DateTimeOffset end) => FirstTouchBefore(end)?.Channel ?? Touch.Direct;

    public void Seen(DateTimeOffset at)
    {
        FirstSeen = Min(FirstSeen, at);
        LastSeen = Max(LastSeen, at);
    }

    public void Identified(DateTimeOffset at) => IdentifiedAt = Min(IdentifiedAt, at);

    public void AddOrder(OrderFact order) =>
        Orders[order.OrderId] = Orders.TryGetValue(order.OrderId, out var known) ? known.Merge(order) : order;

    public void AddAdvocacySignal(DateTimeOffset at)
    {
        // Stages change by the day, so a second signal on a day says nothing new.
        var day = StageClassifier.Day(at);
        if (AdvocacySignals.FirstOrDefault(s => StageClassifier.Day(s) == day) is var sameDay && sameDay != default)
        {
            if (sameDay <= at)
            {
                return;
            }

            AdvocacySignals.Remove(sameDay);
        }

        AdvocacySignals.Add(at);
        while (AdvocacySignals.Count > MaxAdvocacySignals)
        {
            AdvocacySignals.Remove(AdvocacySignals.Min);
        }
    }

    public void AddTouch(Touch touch)
    {
        if (FirstTouch is null || Earlier(touch, FirstTouch))
        {
            FirstTouch = touch;
        }

        if (LastTouch is null || Earlier(LastTouch, touch))
        {
            LastTouch = touch;
        }
    }

    public void SetEmail(string email, DateTimeOffset at)
    {
        if (EmailAt is null || at > EmailAt || (at == EmailAt && string.CompareOrdinal(email, Email) > 0))
        {
            Email = email;
            EmailAt = at;
        }
    }

    /// <summary>Folds another state of the same person (or of a key that turned out to be the same person) into this one.</summary>
    public void Merge(PersonState other)
    {
        if (other.FirstSeen is { } first)
        {
            Seen(first);
        }

        if (other.LastSeen is { } last)
        {
            Seen(last);
        }

        if (other.IdentifiedAt is { } identified)
        {
            Identified(identified);
        }

        if (other.Email is not null && other.EmailAt is { } emailAt)
        {
            SetEmail(other.Email, emailAt);
        }

        foreach (var order in other.Orders.Values)
        {
            AddOrder(order);
        }

        foreach (var signal in other.AdvocacySignals)
        {
            AddAdvocacySignal(signal);
        }

        if (other.FirstTouch is not null)
        {
            AddTouch(other.FirstTouch);
        }

        if (other.LastTouch is not null)
        {
            AddTouch(other.LastTouch);
        }

        if (!string.Equals(other.Key, Key, StringComparison.Ordinal))
        {
            MergedKeys.Add(other.Key);
        }

        MergedKeys.UnionWith(other.MergedKeys.Where(k => !string.Equals(k, Key, StringComparison.Ordinal)));
    }

    // Ties broken by the whole content so the first and last touch do not depend on the order events were folded in.
    private static bool Earlier(Touch a, Touch b)
    {
        if (a.At != b.At)
        {
            return a.At < b.At;
        }

        var order = string.CompareOrdinal(a.Channel, b.Channel);
        order = order != 0 ? order : string.CompareOrdinal(a.Campaign, b.Campaign);
        order = order != 0 ? order : string.CompareOrdinal(a.Source, b.Source);
        order = order != 0 ? order : string.CompareOrdinal(a.Medium, b.Medium);
        order = order != 0 ? order : string.CompareOrdinal(a.Referrer, b.Referrer);
        return order < 0;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset b) => a is null || b > a ? b : a;
}
