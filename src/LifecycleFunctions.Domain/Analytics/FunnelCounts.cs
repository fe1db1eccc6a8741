using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// Running funnel counts for one slice (everyone, or one first-touch channel). Days between stages are kept
/// as histograms (days → people) so that shards merge exactly and memory stays bounded however many people
/// there are.
/// </summary>
public sealed class FunnelCounts
{
    public static readonly int StageCount = Enum.GetValues<LifecycleStage>().Length;

    public int[] Current { get; init; } = new int[StageCount];
    public int[] EverReached { get; init; } = new int[StageCount];

    /// <summary>Index i: days from entering funnel stage i to entering stage i + 1.</summary>
    public SortedDictionary<int, int>[] DaysToNext { get; init; } = Enumerable.Range(0, StageCount).Select(_ => new SortedDictionary<int, int>()).ToArray();

    public void Merge(FunnelCounts other)
    {
        for (var i = 0; i < StageCount; i++)
        {
            Current[i] += other.Current[i];
            EverReached[i] += other.EverReached[i];
            foreach (var (days, people) in other.DaysToNext[i])
            {
                DaysToNext[i][days] = DaysToNext[i].GetValueOrDefault(days) + people;
            }
        }
    }

    public static double? Median(SortedDictionary<int, int> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        // The average of the two middle values when the count is even, as a median is usually defined.
        var lower = (total - 1) / 2;
        var upper = total / 2;
        int? low = null;
        var seen = 0;
        foreach (var (days, people) in histogram)
        {
            if (low is null && seen + people > lower)
            {
                low = days;
            }

            if (seen + people > upper)
            {
                return (low!.Value + days) / 2.0;
            }

            seen += people;
        }

        return low;
    }
}
