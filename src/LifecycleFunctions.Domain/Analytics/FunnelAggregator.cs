using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// Counts people per stage now and ever, from each person's stage history. Reach, Acquisition, Conversion and
/// Retention form a chain: whoever got further (a Lapsed customer had ordered, a Loyal one has repeat orders)
/// counts as having reached the earlier stages, on the day they got further if they skipped them. Loyalty and
/// Advocacy count only people who were in them.
/// </summary>
public sealed class FunnelAggregator
{
    public const string AllChannels = "(all)";

    public DateOnly AsOf { get; init; }
    public SortedDictionary<string, FunnelCounts> ByChannel { get; init; } = new(StringComparer.Ordinal);

    private static readonly LifecycleStage[] Order =
        [LifecycleStage.Reach, LifecycleStage.Acquisition, LifecycleStage.Conversion, LifecycleStage.Retention, LifecycleStage.Loyalty, LifecycleStage.Advocacy];

    public static IReadOnlyList<LifecycleStage> FunnelOrder => Order;

    public void Add(string channel, LifecycleStage? current, IReadOnlyList<StageSpell> history)
    {
        if (current is null || history.Count == 0)
        {
            return;
        }

        var entered = FirstEntries(history);
        foreach (var slice in new[] { AllChannels, channel })
        {
            if (!ByChannel.TryGetValue(slice, out var counts))
            {
                ByChannel[slice] = counts = new FunnelCounts();
            }

            counts.Current[(int)current.Value]++;
            foreach (var (stage, _) in entered)
            {
                counts.EverReached[(int)stage]++;
            }

            // Only people who went from a stage to the next: an advocate who became loyal later (when the referral
            // ran out) did not go from Loyalty to Advocacy.
            for (var i = 0; i < FunnelOrder.Count - 1; i++)
            {
                if (entered.TryGetValue(FunnelOrder[i], out var from) && entered.TryGetValue(FunnelOrder[i + 1], out var to) && to >= from)
                {
                    var days = to.DayNumber - from.DayNumber;
                    counts.DaysToNext[(int)FunnelOrder[i]][days] = counts.DaysToNext[(int)FunnelOrder[i]].GetValueOrDefault(days) + 1;
                }
            }
        }
    }

    public void Merge(FunnelAggregator other)
    {
        foreach (var (channel, counts) in other.ByChannel)
        {
            if (!ByChannel.TryGetValue(channel, out var mine))
            {
                ByChannel[channel] = mine = new FunnelCounts();
            }

            mine.Merge(counts);
        }
    }

    public FunnelSnapshot Build()
    {
        var all = ByChannel.GetValueOrDefault(AllChannels) ?? new FunnelCounts();
        var rows = new List<FunnelRow>();
        foreach (var stage in FunnelOrder.Append(LifecycleStage.Lapsed))
        {
            var i = (int)stage;
            var position = Array.IndexOf(Order, stage);
            LifecycleStage? previous = stage switch
            {
                LifecycleStage.Reach => null,
                LifecycleStage.Lapsed => LifecycleStage.Conversion,

                // Advocates come from Retention or Loyalty, so they are measured against Retention.
                LifecycleStage.Advocacy => LifecycleStage.Retention,
                _ => Order[position - 1],
            };
            var next = position >= 0 && position < Order.Length - 1 ? FunnelCounts.Median(all.DaysToNext[i]) : null;
            rows.Add(new FunnelRow(
                stage,
                all.Current[i],
                all.EverReached[i],
                previous is { } p ? Share(all.EverReached[i], all.EverReached[(int)p]) : null,
                Share(all.EverReached[i], all.EverReached[(int)LifecycleStage.Reach]),
                next));
        }

        var byChannel = ByChannel
            .Where(kv => kv.Key != AllChannels)
            .SelectMany(kv => FunnelOrder.Append(LifecycleStage.Lapsed).Select(stage => new FunnelChannelRow(
                kv.Key,
                stage,
                kv.Value.Current[(int)stage],
                kv.Value.EverReached[(int)stage],
                Share(kv.Value.EverReached[(int)stage], kv.Value.EverReached[(int)LifecycleStage.Reach]))))
            .ToList();
        return new FunnelSnapshot(AsOf, rows, byChannel);
    }

    /// <summary>The day each stage was first reached, with the chain filled in for stages that were skipped.</summary>
    public static Dictionary<LifecycleStage, DateOnly> FirstEntries(IReadOnlyList<StageSpell> history)
    {
        var entered = new Dictionary<LifecycleStage, DateOnly>();
        foreach (var spell in history)
        {
            entered.TryAdd(spell.Stage, spell.Entered);
            var depth = spell.Stage switch
            {
                LifecycleStage.Lapsed => 2,
                LifecycleStage.Loyalty or LifecycleStage.Advocacy => 3,
                _ => Array.IndexOf(Order, spell.Stage),
            };
            for (var i = 0; i <= depth; i++)
            {
                entered.TryAdd(FunnelOrder[i], spell.Entered);
            }
        }

        return entered;
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
