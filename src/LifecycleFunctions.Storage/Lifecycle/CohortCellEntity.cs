using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The cohorts table's schema, shared by the writer (<see cref="AnalyticsTables"/>) and the reader
/// (<see cref="Reports.AnalyticsReader"/>): a partition per granularity holding the latest run's cells, row =
/// "{cohort}-{offset:000}", and the row <see cref="AsOfRow"/> that says which run day the cells are as of.
/// </summary>
public static class CohortCellEntity
{
    /// <summary>The row of each partition that says which run day its cells are as of (sorts after every cohort).</summary>
    public const string AsOfRow = "asof";

    /// <summary>Set on the <see cref="AsOfRow"/> row while a run writes cells: the cells may be half old, half new.</summary>
    public const string WritingProperty = "Writing";

    private const string AsOfProperty = "AsOf";

    /// <summary>The partition of one granularity: the latest run's cells.</summary>
    public static string Partition(CohortGranularity granularity) => granularity.ToString().ToLowerInvariant();

    /// <summary>Where versions before the per-change cohorts table kept a whole table per run day.</summary>
    public static string LegacyPartition(DateOnly asOf, CohortGranularity granularity) => $"{EntityValues.DayKey(asOf)}-{Partition(granularity)}";

    public static TableEntity ToEntity(string partition, CohortRow row, CohortCell cell) =>
        new(partition, string.Create(CultureInfo.InvariantCulture, $"{row.Cohort}-{cell.Offset:000}"))
        {
            ["Cohort"] = row.Cohort,
            ["CohortStart"] = EntityValues.Date(row.Start),
            ["Size"] = row.Size,
            ["Offset"] = cell.Offset,
            ["PeriodStart"] = EntityValues.Date(cell.PeriodStart),
            ["On"] = cell.On,
            ["OnOrAfter"] = cell.OnOrAfter,
            ["Revenue"] = EntityValues.Money(cell.Revenue),
            ["CumulativeRevenuePerCustomer"] = EntityValues.Money(cell.CumulativeRevenuePerCustomer),
            ["Incomplete"] = cell.Incomplete,
        };

    /// <summary>A cell, with the cohort row it belongs to (the row's figures repeat on each of its cells).</summary>
    public static (string Cohort, DateOnly Start, int Size, CohortCell Cell) FromEntity(TableEntity e) => (
        e.GetString("Cohort"),
        EntityValues.Day(e, "CohortStart")!.Value,
        e.GetInt32("Size") ?? 0,
        new CohortCell(
            e.GetInt32("Offset") ?? 0,
            EntityValues.Day(e, "PeriodStart")!.Value,
            e.GetInt32("On") ?? 0,
            e.GetInt32("OnOrAfter") ?? 0,
            EntityValues.Money(e, "Revenue") ?? 0,
            EntityValues.Money(e, "CumulativeRevenuePerCustomer") ?? 0,
            e.GetBoolean("Incomplete") ?? false));

    /// <summary>The <see cref="AsOfRow"/> row: as of that run day, and while <paramref name="writing"/>, marked as being written.</summary>
    public static TableEntity AsOfMarker(string partition, DateOnly asOf, bool writing)
    {
        var marker = new TableEntity(partition, AsOfRow) { [AsOfProperty] = EntityValues.Date(asOf) };
        if (writing)
        {
            marker[WritingProperty] = EntityValues.Date(asOf);
        }

        return marker;
    }

    /// <summary>The run day the <see cref="AsOfRow"/> row gives; null when it gives none.</summary>
    public static DateOnly? AsOf(TableEntity marker) => EntityValues.Day(marker, AsOfProperty);

    public static bool IsWriting(TableEntity marker) => marker.ContainsKey(WritingProperty);
}
