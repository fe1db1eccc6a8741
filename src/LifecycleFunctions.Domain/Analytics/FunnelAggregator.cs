using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// Counts people per stage now and ever, from each person's stage history. Reach, Acquisition, Conversion and
/// Retention form a chain: whoever got further (a Lapsed customer had ordered, a Loyal one has repeat orders)
/// counts as having reached the earlier stages, on the day they got further if they skipped them. Loyalty and
/// Advocacy count only people who were in them. Slices: everyone, each first-touch channel, and each acquisition
/// cohort (the month a person entered the funnel, so a cohort's funnel shows how far that month's newcomers got).
/// </summary>
public sealed class FunnelAggregator
{
    public const string AllChannels = "(all)";

    public DateOnly AsOf { get; init; }
    public SortedDictionary<string, FunnelCounts> ByChannel { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, FunnelCounts> ByCohort { get; init; } = new(StringComparer.Ordinal);
    public FunnelTotals Totals { get; init; } = new();

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
        Count(Slice(ByChannel, AllChannels), current.Value, entered);
        Count(Slice(ByChannel, channel), current.Value, entered);
        Count(Slice(ByCohort, CohortOf(history)), current.Value, entered);
    }

    /// <summary>The acquisition cohort a history belongs to: the month its first stage was entered.</summary>
    public static string CohortOf(IReadOnlyList<StageSpell> history) => history[0].Entered.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private static FunnelCounts Slice(SortedDictionary<string, FunnelCounts> slices, string key)
    {
        if (!slices.TryGetValue(key, out var counts))
        {
            slices[key] = counts = new FunnelCounts();
        }

        return counts;
    }

    private static void Count(FunnelCounts counts, LifecycleStage current, Dictionary<LifecycleStage, DateOnly> entered)
    {
        counts.Current[(int)current]++;
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

    public void Merge(FunnelAggregator other)
    {
        foreach (var (channel, counts) in other.ByChannel)
        {
            Slice(ByChannel, channel).Merge(counts);
        }

        foreach (var (cohort, counts) in other.ByCohort)
        {
            Slice(ByCohort, cohort).Merge(counts);
        }

        Totals.Merge(other.Totals);
    }

    public FunnelSnapshot Build()
    {
        var all = ByChannel.GetValueOrDefault(AllChannels) ?? new FunnelCounts();
        var rows = new List<FunnelRow>();
        foreach (var stage in FunnelOrder.Append(LifecycleStage.Lapsed))
        {
            var i = (int)stage;
            var position = Array.IndexOf(Order, stage);
            var previous = MeasuredAgainst(stage);
            var next = position >= 0 && position < Order.Length - 1 ? FunnelCounts.Median(all.DaysToNext[i]) : null;
            rows.Add(new FunnelRow(
                stage,
                all.Current[i],
                all.EverReached[i],
                previous is { } p ? Share(all.EverReached[i], all.EverReached[(int)p]) : null,
                Share(all.EverReached[i], all.EverReached[(int)LifecycleStage.Reach]),
                next));
        }

        var byChannel = ByChannel.Where(kv => kv.Key != AllChannels).SelectMany(kv => SliceRows(kv.Key, kv.Value)).ToList();
        var byCohort = ByCohort.SelectMany(kv => SliceRows(kv.Key, kv.Value)).ToList();
        var totals = new FunnelTotals();
        totals.Merge(Totals);
        return new FunnelSnapshot(AsOf, rows, byChannel, byCohort, totals);
    }

    /// <summary>The stage a stage's step conversion is measured against; none for Reach.</summary>
    public static LifecycleStage? MeasuredAgainst(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Reach => null,
        LifecycleStage.Lapsed => LifecycleStage.Conversion,

        // Advocates come from Retention or Loyalty, so they are measured against Retention.
        LifecycleStage.Advocacy => LifecycleStage.Retention,
        _ => stage - 1,
    };

    private static IEnumerable<FunnelSliceRow> SliceRows(string slice, FunnelCounts counts) =>
        FunnelOrder.Append(LifecycleStage.Lapsed).Select(stage => new FunnelSliceRow(
            slice,
            stage,
            counts.Current[(int)stage],
            counts.EverReached[(int)stage],
            Share(counts.EverReached[(int)stage], counts.EverReached[(int)LifecycleStage.Reach])));

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
