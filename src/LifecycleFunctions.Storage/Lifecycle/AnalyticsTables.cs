using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Writes a run's cohort tables, funnel snapshot and campaign reach, each partitioned by the run's as-of day
/// so that a day's figures are one partition query and earlier days stay for trends.
/// </summary>
public sealed class AnalyticsTables(StorageClients clients)
{
    public static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string CohortPartition(DateOnly asOf, CohortGranularity granularity) => $"{Day(asOf)}-{granularity.ToString().ToLowerInvariant()}";

    public async Task WriteCohortsAsync(CohortTable table, CancellationToken cancellationToken)
    {
        var partition = CohortPartition(table.AsOf, table.Granularity);
        var entities = table.Rows.SelectMany(row => row.Cells.Select(cell => new TableEntity(partition, string.Create(CultureInfo.InvariantCulture, $"{row.Cohort}-{cell.Offset:000}"))
        {
            ["Cohort"] = row.Cohort,
            ["CohortStart"] = Date(row.Start),
            ["Size"] = row.Size,
            ["Offset"] = cell.Offset,
            ["PeriodStart"] = Date(cell.PeriodStart),
            ["On"] = cell.On,
            ["OnOrAfter"] = cell.OnOrAfter,
            ["Revenue"] = cell.Revenue.ToString(CultureInfo.InvariantCulture),
            ["CumulativeRevenuePerCustomer"] = cell.CumulativeRevenuePerCustomer.ToString(CultureInfo.InvariantCulture),
            ["Incomplete"] = cell.Incomplete,
        }));
        await TableBatches.ReplacePartitionAsync(clients.Table(StorageNames.CohortsTable), partition, entities.ToList<ITableEntity>(), cancellationToken);
    }

    /// <summary>
    /// Row keys "{dimension}|{slice}|{order}-{stage}" keep each breakdown a row-key range of the day's partition;
    /// the purchase totals are the row "totals".
    /// </summary>
    public async Task WriteFunnelAsync(FunnelSnapshot snapshot, CancellationToken cancellationToken)
    {
        var partition = Day(snapshot.AsOf);
        var overall = snapshot.Stages.Select(r => Funnel(partition, FunnelDimension.All, FunnelAggregator.AllChannels, r.Stage, r.Current, r.EverReached, r.ConversionFromReach, r.StepConversion, r.MedianDaysToNext));
        var channels = snapshot.ByChannel.Select(r => Funnel(partition, FunnelDimension.Channel, r.Slice, r.Stage, r.Current, r.EverReached, r.ConversionFromReach, null, null));
        var cohorts = snapshot.ByCohort.Select(r => Funnel(partition, FunnelDimension.Cohort, r.Slice, r.Stage, r.Current, r.EverReached, r.ConversionFromReach, null, null));
        var totals = new TableEntity(partition, TotalsRow)
        {
            ["Customers"] = snapshot.Totals.Customers,
            ["RepeatCustomers"] = snapshot.Totals.RepeatCustomers,
            ["Orders"] = snapshot.Totals.Orders,
            ["Revenue"] = snapshot.Totals.Revenue.ToString(CultureInfo.InvariantCulture),
        };
        await TableBatches.ReplacePartitionAsync(clients.Table(StorageNames.FunnelTable), partition, overall.Concat(channels).Concat(cohorts).Append(totals).ToList<ITableEntity>(), cancellationToken);
    }

    public const string TotalsRow = "totals";

    public async Task WriteCampaignsAsync(DateOnly asOf, IReadOnlyList<CampaignRow> rows, CancellationToken cancellationToken)
    {
        var partition = Day(asOf);
        var entities = rows.Select(r =>
        {
            var e = new TableEntity(partition, TableKey.Escape($"{r.Channel}|{r.Campaign}"))
            {
                ["Channel"] = r.Channel,
                ["Campaign"] = r.Campaign,
                ["Impressions"] = r.Impressions,
                ["Clicks"] = r.Clicks,
                ["Cost"] = r.Cost.ToString(CultureInfo.InvariantCulture),
                ["Acquired"] = r.Acquired,
                ["Converted"] = r.Converted,
            };
            Set(e, "ClickThroughRate", r.ClickThroughRate);
            if (r.CostPerAcquisition is { } cpa)
            {
                e["CostPerAcquisition"] = cpa.ToString(CultureInfo.InvariantCulture);
            }

            if (r.CostPerConversion is { } cpc)
            {
                e["CostPerConversion"] = cpc.ToString(CultureInfo.InvariantCulture);
            }

            return e;
        });
        await TableBatches.ReplacePartitionAsync(clients.Table(StorageNames.CampaignsTable), partition, entities.ToList<ITableEntity>(), cancellationToken);
    }

    public static string FunnelRowKey(FunnelDimension dimension, string slice, LifecycleStage stage) =>
        string.Create(CultureInfo.InvariantCulture, $"{FunnelRowPrefix(dimension)}{TableKey.Escape(slice)}|{(int)stage}-{stage}");

    public static string FunnelRowPrefix(FunnelDimension dimension) => dimension.ToString().ToLowerInvariant() + "|";

    private static TableEntity Funnel(string partition, FunnelDimension dimension, string slice, LifecycleStage stage, int current, int ever, double? fromReach, double? step, double? median)
    {
        var e = new TableEntity(partition, FunnelRowKey(dimension, slice, stage))
        {
            ["Dimension"] = dimension.ToString(),
            ["Slice"] = slice,
            ["Stage"] = stage.ToString(),
            ["StageOrder"] = (int)stage,
            ["Current"] = current,
            ["EverReached"] = ever,
        };
        Set(e, "ConversionFromReach", fromReach);
        Set(e, "StepConversion", step);
        Set(e, "MedianDaysToNext", median);
        return e;
    }

    private static void Set(TableEntity e, string name, double? value)
    {
        if (value is { } v)
        {
            e[name] = v;
        }
    }

    private static DateTimeOffset Date(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
