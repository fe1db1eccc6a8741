using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The funnel table's schema, shared by the writer (<see cref="AnalyticsTables"/>) and the reader
/// (<see cref="Reports.AnalyticsReader"/>): partition = the run's as-of day; row keys "{dimension}|{slice}|{order}-{stage}"
/// keep each breakdown a row-key range of the day's partition; the purchase totals are the row <see cref="TotalsRow"/>.
/// </summary>
public static class FunnelEntity
{
    public const string TotalsRow = "totals";

    public static string Partition(DateOnly asOf) => EntityValues.DayKey(asOf);

    public static string RowKey(FunnelDimension dimension, string slice, LifecycleStage stage) =>
        string.Create(CultureInfo.InvariantCulture, $"{RowPrefix(dimension)}{StoredKey.Escape(slice)}|{(int)stage}-{stage}");

    /// <summary>What every row key of the breakdown starts with.</summary>
    public static string RowPrefix(FunnelDimension dimension) => dimension.ToString().ToLowerInvariant() + "|";

    /// <summary>A stage of the overall funnel (every channel).</summary>
    public static TableEntity ToEntity(string partition, FunnelRow r) => ToEntity(
        partition,
        FunnelDimension.All,
        FunnelAggregator.AllChannels,
        r.Stage,
        r.Current,
        r.EverReached,
        r.ConversionFromReach,
        r.StepConversion,
        r.MedianDaysToNext);

    /// <summary>A stage of one slice of a breakdown.</summary>
    public static TableEntity ToEntity(string partition, FunnelDimension dimension, FunnelSliceRow r) =>
        ToEntity(partition, dimension, r.Slice, r.Stage, r.Current, r.EverReached, r.ConversionFromReach, null, null);

    public static TableEntity ToEntity(string partition, FunnelTotals totals) => new(partition, TotalsRow)
    {
        ["Customers"] = totals.Customers,
        ["RepeatCustomers"] = totals.RepeatCustomers,
        ["Orders"] = totals.Orders,
        ["Revenue"] = EntityValues.Money(totals.Revenue),
    };

    public static FunnelTotals TotalsFromEntity(TableEntity e) => new()
    {
        Customers = e.GetInt32("Customers") ?? 0,
        RepeatCustomers = e.GetInt32("RepeatCustomers") ?? 0,
        Orders = e.GetInt64("Orders") ?? 0,
        Revenue = EntityValues.Money(e, "Revenue") ?? 0,
    };

    /// <summary>A stage row's breakdown and stage; false for rows written before breakdowns had a dimension.</summary>
    public static bool TryReadStage(TableEntity e, out FunnelDimension dimension, out LifecycleStage stage)
    {
        stage = default;
        return Enum.TryParse(e.GetString("Dimension"), out dimension) && Enum.TryParse(e.GetString("Stage"), out stage);
    }

    public static LifecycleStage Stage(TableEntity e) => Enum.Parse<LifecycleStage>(e.GetString("Stage"));

    public static FunnelRow StageFromEntity(TableEntity e, LifecycleStage stage) => new(
        stage,
        e.GetInt32("Current") ?? 0,
        e.GetInt32("EverReached") ?? 0,
        e.GetDouble("StepConversion"),
        e.GetDouble("ConversionFromReach"),
        e.GetDouble("MedianDaysToNext"));

    public static FunnelSliceRow SliceFromEntity(TableEntity e, LifecycleStage stage) => new(
        e.GetString("Slice"),
        stage,
        e.GetInt32("Current") ?? 0,
        e.GetInt32("EverReached") ?? 0,
        e.GetDouble("ConversionFromReach"));

    private static TableEntity ToEntity(
        string partition,
        FunnelDimension dimension,
        string slice,
        LifecycleStage stage,
        int current,
        int ever,
        double? fromReach,
        double? step,
        double? median)
    {
        var e = new TableEntity(partition, RowKey(dimension, slice, stage))
        {
            ["Dimension"] = dimension.ToString(),
            ["Slice"] = slice,
            ["Stage"] = stage.ToString(),
            ["StageOrder"] = (int)stage,
            ["Current"] = current,
            ["EverReached"] = ever,
        };
        EntityValues.SetIfAny(e, "ConversionFromReach", fromReach);
        EntityValues.SetIfAny(e, "StepConversion", step);
        EntityValues.SetIfAny(e, "MedianDaysToNext", median);
        return e;
    }
}
