using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// Builds cohort retention from person states: each customer joins the cohort of their first counted order's
/// period. Partial aggregators (one per shard) merge into the whole.
/// </summary>
public sealed class CohortAggregator
{
    public CohortGranularity Granularity { get; init; }
    public DateOnly AsOf { get; init; }
    public SortedDictionary<DateOnly, CohortAccumulator> Cohorts { get; init; } = [];

    public void Add(PersonState person)
    {
        var end = StageClassifier.EndOf(AsOf);
        var orders = person.Orders.Values.Where(o => o.CountsBefore(end)).ToList();
        if (orders.Count == 0)
        {
            return;
        }

        var cohortStart = CohortPeriods.Start(orders.Min(o => StageClassifier.Day(o.CompletedAt!.Value)), Granularity);
        if (!Cohorts.TryGetValue(cohortStart, out var cohort))
        {
            Cohorts[cohortStart] = cohort = new CohortAccumulator();
        }

        var revenueByOffset = new SortedDictionary<int, decimal>();
        foreach (var order in orders)
        {
            var offset = CohortPeriods.Offset(cohortStart, StageClassifier.Day(order.CompletedAt!.Value), Granularity);
            revenueByOffset[offset] = revenueByOffset.GetValueOrDefault(offset) + order.NetAmountBefore(end);
        }

        cohort.Size++;
        foreach (var (offset, revenue) in revenueByOffset)
        {
            cohort.On[offset] = cohort.On.GetValueOrDefault(offset) + 1;
            cohort.Revenue[offset] = cohort.Revenue.GetValueOrDefault(offset) + revenue;
        }

        for (var offset = 0; offset <= revenueByOffset.Keys.Max(); offset++)
        {
            cohort.OnOrAfter[offset] = cohort.OnOrAfter.GetValueOrDefault(offset) + 1;
        }
    }

    public void Merge(CohortAggregator other)
    {
        if (other.Granularity != Granularity || other.AsOf != AsOf)
        {
            throw new InvalidOperationException($"Cannot merge {other.Granularity} cohorts as of {other.AsOf} into {Granularity} cohorts as of {AsOf}.");
        }

        foreach (var (start, cohort) in other.Cohorts)
        {
            if (!Cohorts.TryGetValue(start, out var mine))
            {
                Cohorts[start] = mine = new CohortAccumulator();
            }

            mine.Merge(cohort);
        }
    }

    public CohortTable Build()
    {
        var lastPeriod = CohortPeriods.Start(AsOf, Granularity);
        var rows = Cohorts.Select(kv =>
        {
            var (start, cohort) = (kv.Key, kv.Value);
            var cells = new List<CohortCell>();
            var cumulative = 0m;
            var offsets = CohortPeriods.Offset(start, lastPeriod, Granularity);
            for (var offset = 0; offset <= offsets; offset++)
            {
                var periodStart = CohortPeriods.Add(start, offset, Granularity);
                var revenue = cohort.Revenue.GetValueOrDefault(offset);
                cumulative += revenue;
                var incomplete = CohortPeriods.Add(start, offset + 1, Granularity).AddDays(-1) > AsOf;
                cells.Add(new CohortCell(
                    offset,
                    periodStart,
                    cohort.On.GetValueOrDefault(offset),
                    cohort.OnOrAfter.GetValueOrDefault(offset),
                    revenue,
                    cohort.Size == 0 ? 0 : Math.Round(cumulative / cohort.Size, 4),
                    incomplete));
            }

            return new CohortRow(CohortPeriods.Label(start, Granularity), start, cohort.Size, cells);
        }).ToList();
        return new CohortTable(Granularity, AsOf, rows);
    }
}
