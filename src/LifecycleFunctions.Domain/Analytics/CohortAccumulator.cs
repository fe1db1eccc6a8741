namespace LifecycleFunctions.Domain.Analytics;

/// <summary>One cohort's running counts, by period offset; partial results of shards add up.</summary>
public sealed class CohortAccumulator
{
    public int Size { get; set; }
    public SortedDictionary<int, int> On { get; init; } = [];
    public SortedDictionary<int, int> OnOrAfter { get; init; } = [];
    public SortedDictionary<int, decimal> Revenue { get; init; } = [];

    public void Merge(CohortAccumulator other)
    {
        Size += other.Size;
        AddAll(On, other.On);
        AddAll(OnOrAfter, other.OnOrAfter);
        foreach (var (offset, revenue) in other.Revenue)
        {
            Revenue[offset] = Revenue.GetValueOrDefault(offset) + revenue;
        }
    }

    private static void AddAll(SortedDictionary<int, int> into, SortedDictionary<int, int> from)
    {
        foreach (var (offset, count) in from)
        {
            into[offset] = into.GetValueOrDefault(offset) + count;
        }
    }
}
