using System.Globalization;

namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>A person as a member of their current stage: what a stage's member list shows.</summary>
public sealed record StageMember(
    string PersonKey,
    LifecycleStage Stage,
    DateOnly Entered,
    string FirstTouchChannel,
    int Orders,
    decimal Revenue,
    DateOnly? LastOrder,
    string? Email)
{
    public string NextAction => NextBestAction.For(Stage);

    public int DaysInStage(DateOnly asOf) => asOf.DayNumber - Entered.DayNumber;

    /// <summary>Changes when anything shown changes, so a recompute writes only members that did.</summary>
    public string Fingerprint() => string.Create(CultureInfo.InvariantCulture, $"{Stage}|{Entered:yyyyMMdd}|{FirstTouchChannel}|{Orders}|{Revenue}|{LastOrder:yyyyMMdd}|{Email}");

    /// <param name="channels">Names the first-touch channel by its own name; none: as the touch was tagged.</param>
    public static StageMember From(PersonState person, LifecycleStage stage, DateOnly entered, DateOnly asOf, Analytics.ChannelAliases? channels = null)
    {
        var end = StageClassifier.EndOf(asOf);
        var orders = person.Orders.Values.Where(o => o.CountsBefore(end)).ToList();
        return new StageMember(
            person.Key,
            stage,
            entered,
            (channels ?? Analytics.ChannelAliases.None).Canonical(person.FirstTouchChannelBefore(end)),
            orders.Count,
            orders.Sum(o => o.NetAmountBefore(end)),
            orders.Count == 0 ? null : orders.Max(o => StageClassifier.Day(o.CompletedAt!.Value)),
            person.Email);
    }
}
