using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Writes a run's funnel snapshot and campaign reach, each partitioned by the run's as-of day so that a day's
/// figures are one partition query and earlier days stay for trends, and its cohort tables, which change
/// little from one night to the next: the table holds the latest run's cells and each day's copy is a blob.
/// </summary>
public sealed class AnalyticsTables(StorageClients clients) : IAnalyticsWriter
{
    private readonly CohortSnapshots _snapshots = new(clients);

    public static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The cohorts table's partition for one granularity: the latest run's cells.</summary>
    public static string CohortPartition(CohortGranularity granularity) => granularity.ToString().ToLowerInvariant();

    /// <summary>Where versions before the per-change cohorts table kept a whole table per run day.</summary>
    public static string LegacyCohortPartition(DateOnly asOf, CohortGranularity granularity) => $"{Day(asOf)}-{CohortPartition(granularity)}";

    /// <summary>The row of each cohorts partition that says which run day its cells are as of (sorts after every cohort).</summary>
    public const string CohortAsOfRow = "asof";

    /// <summary>
    /// Keeps the day's whole tables as a snapshot blob (what reports read), then brings the cohorts table to the
    /// same cells by writing only what differs from what it holds: a night changes recent periods and the
    /// cohorts of people who ordered, not the whole triangle. What it holds is the previous run's snapshot when
    /// that run's write completed (one blob instead of every row); the <c>asof</c> row says "writing" from
    /// before the first cell until after the last, so after a crash in between the next run compares with the
    /// rows themselves. The previous snapshot is read before the new one is uploaded: a rerun for the same day
    /// overwrites that blob.
    /// </summary>
    public async Task WriteCohortsAsync(CohortTable table, CancellationToken cancellationToken)
    {
        var partition = CohortPartition(table.Granularity);
        var client = clients.Table(StorageNames.CohortsTable);
        var marker = await client.GetEntityIfExistsAsync<TableEntity>(partition, CohortAsOfRow, cancellationToken: cancellationToken);
        var stored = await StoredCellsAsync(client, partition, marker.HasValue ? marker.Value : null, table.Granularity, cancellationToken);
        await _snapshots.WriteAsync(table, cancellationToken);

        var cells = table.Rows.SelectMany(row => row.Cells.Select(cell => CohortEntity(partition, row, cell))).ToList();
        var changed = cells.Where(e => !stored.TryGetValue(e.RowKey, out var old) || !SameProperties(e, old)).ToList<ITableEntity>();
        var keep = cells.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = stored.Keys.Where(key => !keep.Contains(key))
            .Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), Azure.ETag.All))
            .ToList();
        var done = new TableEntity(partition, CohortAsOfRow) { ["AsOf"] = Date(table.AsOf) };
        if (changed.Count == 0 && stale.Count == 0 && marker.HasValue && SameProperties(done, marker.Value!))
        {
            return;
        }

        var writing = new TableEntity(partition, CohortAsOfRow) { ["AsOf"] = Date(table.AsOf), [WritingProperty] = Date(table.AsOf) };
        await client.UpsertEntityAsync(writing, TableUpdateMode.Replace, cancellationToken);
        await TableBatches.UpsertAsync(client, changed, cancellationToken);
        await TableBatches.SubmitAsync(client, stale, cancellationToken);
        await client.UpsertEntityAsync(done, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Set on the <c>asof</c> row while a run writes cohort cells: the cells may be half old, half new.</summary>
    public const string WritingProperty = "Writing";

    /// <summary>The partition's cells as they stand, keyed by row key.</summary>
    private async Task<Dictionary<string, TableEntity>> StoredCellsAsync(TableClient client, string partition, TableEntity? marker, CohortGranularity granularity, CancellationToken cancellationToken)
    {
        if (marker is not null && !marker.ContainsKey(WritingProperty) && marker.GetDateTimeOffset("AsOf") is { } asOf
            && await _snapshots.ReadAsync(DateOnly.FromDateTime(asOf.UtcDateTime), granularity, cancellationToken) is { } previous)
        {
            return previous.Rows.SelectMany(row => row.Cells.Select(cell => CohortEntity(partition, row, cell))).ToDictionary(e => e.RowKey, StringComparer.Ordinal);
        }

        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (row.RowKey != CohortAsOfRow)
            {
                stored[row.RowKey] = row;
            }
        }

        return stored;
    }

    private static TableEntity CohortEntity(string partition, CohortRow row, CohortCell cell) =>
        new(partition, string.Create(CultureInfo.InvariantCulture, $"{row.Cohort}-{cell.Offset:000}"))
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
        };

    private static bool SameProperties(TableEntity written, TableEntity stored)
    {
        var storedKeys = stored.Keys.Where(k => !SystemProperties.Contains(k)).ToList();
        return storedKeys.Count == written.Keys.Count(k => !SystemProperties.Contains(k))
            && storedKeys.All(k => written.TryGetValue(k, out var value) && Equals(value, stored[k]));
    }

    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

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
            var e = new TableEntity(partition, StoredKey.Escape($"{r.Channel}|{r.Campaign}"))
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
        string.Create(CultureInfo.InvariantCulture, $"{FunnelRowPrefix(dimension)}{StoredKey.Escape(slice)}|{(int)stage}-{stage}");

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
