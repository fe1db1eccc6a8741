using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.Storage.Reports;

/// <summary>Reads back what a recompute wrote to the funnel, cohorts and campaigns tables, as the domain's types.</summary>
public sealed class AnalyticsReader(StorageClients clients) : IAnalyticsReader
{
    private readonly CohortSnapshots _snapshots = new(clients);

    private static readonly string AllFrom = AnalyticsTables.FunnelRowPrefix(FunnelDimension.All);

    /// <summary>The funnel snapshot a recompute as of that day wrote, or null if none ran for it.</summary>
    public async Task<FunnelSnapshot?> ReadFunnelAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var partition = AnalyticsTables.Day(asOf);
        var stages = new List<FunnelRow>();
        var channels = new List<FunnelSliceRow>();
        var cohorts = new List<FunnelSliceRow>();
        var totals = new FunnelTotals();
        var any = false;
        await foreach (var e in clients.Table(StorageNames.FunnelTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            any = true;
            if (e.RowKey == AnalyticsTables.TotalsRow)
            {
                totals.Customers = e.GetInt32("Customers") ?? 0;
                totals.RepeatCustomers = e.GetInt32("RepeatCustomers") ?? 0;
                totals.Orders = e.GetInt64("Orders") ?? 0;
                totals.Revenue = Money(e, "Revenue") ?? 0;
                continue;
            }

            // Rows written before breakdowns had a dimension carry none; they are not read rather than misread.
            if (!Enum.TryParse<FunnelDimension>(e.GetString("Dimension"), out var dimension) || !Enum.TryParse<LifecycleStage>(e.GetString("Stage"), out var stage))
            {
                continue;
            }

            switch (dimension)
            {
                case FunnelDimension.All:
                    stages.Add(StageRow(e, stage));
                    break;
                case FunnelDimension.Channel:
                    channels.Add(SliceRow(e, stage));
                    break;
                case FunnelDimension.Cohort:
                    cohorts.Add(SliceRow(e, stage));
                    break;
            }
        }

        if (!any)
        {
            return null;
        }

        // Row keys sort stages by their order within each slice already; the ordering here only guards against
        // a slice name that sorts oddly once escaped.
        return new FunnelSnapshot(
            asOf,
            stages.OrderBy(r => r.Stage).ToList(),
            channels.OrderBy(r => r.Slice, StringComparer.Ordinal).ThenBy(r => r.Stage).ToList(),
            cohorts.OrderBy(r => r.Slice, StringComparer.Ordinal).ThenBy(r => r.Stage).ToList(),
            totals);
    }

    /// <summary>The overall funnel rows of every recompute day up to <paramref name="upTo"/>, oldest first: the trend lines.</summary>
    public async Task<IReadOnlyList<(DateOnly AsOf, IReadOnlyList<FunnelRow> Stages)>> ReadTrendsAsync(DateOnly upTo, CancellationToken cancellationToken)
    {
        var last = AnalyticsTables.Day(upTo);
        var days = new SortedDictionary<string, List<FunnelRow>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {last} and RowKey ge {AllFrom} and RowKey lt {AllFrom + "~"}");
        await foreach (var e in clients.Table(StorageNames.FunnelTable).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!days.TryGetValue(e.PartitionKey, out var rows))
            {
                days[e.PartitionKey] = rows = [];
            }

            rows.Add(StageRow(e, Enum.Parse<LifecycleStage>(e.GetString("Stage"))));
        }

        return days.Select(kv => (DateOnly.ParseExact(kv.Key, "yyyyMMdd", CultureInfo.InvariantCulture), (IReadOnlyList<FunnelRow>)kv.Value.OrderBy(r => r.Stage).ToList())).ToList();
    }

    /// <summary>The cohort tables as of a run day: the day's snapshot, else what versions before it wrote for that day.</summary>
    public async Task<CohortTable> ReadCohortsAsync(DateOnly asOf, CohortGranularity granularity, CancellationToken cancellationToken) =>
        await _snapshots.ReadAsync(asOf, granularity, cancellationToken) ?? await ReadCohortPartitionAsync(asOf, granularity, AnalyticsTables.LegacyCohortPartition(asOf, granularity), cancellationToken);

    /// <summary>The cohorts table's current cells, as of the day its marker row gives (null when no run wrote it).</summary>
    public async Task<CohortTable?> ReadCurrentCohortsAsync(CohortGranularity granularity, CancellationToken cancellationToken)
    {
        var partition = AnalyticsTables.CohortPartition(granularity);
        var marker = await clients.Table(StorageNames.CohortsTable).GetEntityIfExistsAsync<TableEntity>(partition, AnalyticsTables.CohortAsOfRow, cancellationToken: cancellationToken);
        return marker.HasValue ? await ReadCohortPartitionAsync(Day(marker.Value!, "AsOf"), granularity, partition, cancellationToken) : null;
    }

    private async Task<CohortTable> ReadCohortPartitionAsync(DateOnly asOf, CohortGranularity granularity, string partition, CancellationToken cancellationToken)
    {
        var rows = new SortedDictionary<string, (DateOnly Start, int Size, List<CohortCell> Cells)>(StringComparer.Ordinal);
        await foreach (var e in clients.Table(StorageNames.CohortsTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (e.RowKey == AnalyticsTables.CohortAsOfRow)
            {
                continue;
            }

            var cohort = e.GetString("Cohort");
            if (!rows.TryGetValue(cohort, out var row))
            {
                rows[cohort] = row = (Day(e, "CohortStart"), e.GetInt32("Size") ?? 0, []);
            }

            row.Cells.Add(new CohortCell(
                e.GetInt32("Offset") ?? 0,
                Day(e, "PeriodStart"),
                e.GetInt32("On") ?? 0,
                e.GetInt32("OnOrAfter") ?? 0,
                Money(e, "Revenue") ?? 0,
                Money(e, "CumulativeRevenuePerCustomer") ?? 0,
                e.GetBoolean("Incomplete") ?? false));
        }

        return new CohortTable(granularity, asOf, rows.Select(kv => new CohortRow(kv.Key, kv.Value.Start, kv.Value.Size, kv.Value.Cells.OrderBy(c => c.Offset).ToList())).ToList());
    }

    public async Task<IReadOnlyList<CampaignRow>> ReadCampaignsAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var partition = AnalyticsTables.Day(asOf);
        var rows = new List<CampaignRow>();
        await foreach (var e in clients.Table(StorageNames.CampaignsTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(new CampaignRow(
                e.GetString("Channel"),
                e.GetString("Campaign"),
                e.GetInt64("Impressions") ?? 0,
                e.GetInt64("Clicks") ?? 0,
                e.GetDouble("ClickThroughRate"),
                Money(e, "Cost") ?? 0,
                e.GetInt32("Acquired") ?? 0,
                e.GetInt32("Converted") ?? 0,
                Money(e, "CostPerAcquisition"),
                Money(e, "CostPerConversion")));
        }

        return rows;
    }

    private static FunnelRow StageRow(TableEntity e, LifecycleStage stage) => new(
        stage,
        e.GetInt32("Current") ?? 0,
        e.GetInt32("EverReached") ?? 0,
        e.GetDouble("StepConversion"),
        e.GetDouble("ConversionFromReach"),
        e.GetDouble("MedianDaysToNext"));

    private static FunnelSliceRow SliceRow(TableEntity e, LifecycleStage stage) => new(
        e.GetString("Slice"),
        stage,
        e.GetInt32("Current") ?? 0,
        e.GetInt32("EverReached") ?? 0,
        e.GetDouble("ConversionFromReach"));

    private static decimal? Money(TableEntity e, string name) =>
        e.GetString(name) is { } text ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    private static DateOnly Day(TableEntity e, string name) => DateOnly.FromDateTime(e.GetDateTimeOffset(name)!.Value.UtcDateTime);
}
