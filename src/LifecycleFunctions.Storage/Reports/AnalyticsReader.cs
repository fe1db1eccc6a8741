using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.Storage.Reports;

/// <summary>
/// Reads back what a recompute wrote to the funnel, cohorts and campaigns tables, as the domain's types, through
/// the tables' schemas the writer uses (<see cref="FunnelEntity"/>, <see cref="CohortCellEntity"/>, <see cref="CampaignEntity"/>).
/// </summary>
public sealed class AnalyticsReader(StorageClients clients) : IAnalyticsReader
{
    private readonly CohortSnapshots _snapshots = new(clients);

    private static readonly string AllFrom = FunnelEntity.RowPrefix(FunnelDimension.All);

    /// <summary>The funnel snapshot a recompute as of that day wrote, or null if none ran for it.</summary>
    public async Task<FunnelSnapshot?> ReadFunnelAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var partition = FunnelEntity.Partition(asOf);
        var stages = new List<FunnelRow>();
        var channels = new List<FunnelSliceRow>();
        var cohorts = new List<FunnelSliceRow>();
        var totals = new FunnelTotals();
        var any = false;
        var table = clients.Table(StorageNames.FunnelTable);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            any = true;
            if (e.RowKey == FunnelEntity.TotalsRow)
            {
                totals = FunnelEntity.TotalsFromEntity(e);
                continue;
            }

            // Rows written before breakdowns had a dimension carry none; they are not read rather than misread.
            if (!FunnelEntity.TryReadStage(e, out var dimension, out var stage))
            {
                continue;
            }

            switch (dimension)
            {
                case FunnelDimension.All:
                    stages.Add(FunnelEntity.StageFromEntity(e, stage));
                    break;
                case FunnelDimension.Channel:
                    channels.Add(FunnelEntity.SliceFromEntity(e, stage));
                    break;
                case FunnelDimension.Cohort:
                    cohorts.Add(FunnelEntity.SliceFromEntity(e, stage));
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
        var last = FunnelEntity.Partition(upTo);
        var days = new SortedDictionary<string, List<FunnelRow>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {last} and RowKey ge {AllFrom} and RowKey lt {AllFrom + "~"}");
        await foreach (var e in clients.Table(StorageNames.FunnelTable).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!days.TryGetValue(e.PartitionKey, out var rows))
            {
                days[e.PartitionKey] = rows = [];
            }

            rows.Add(FunnelEntity.StageFromEntity(e, FunnelEntity.Stage(e)));
        }

        return days.Select(kv => (EntityValues.ParseDayKey(kv.Key), (IReadOnlyList<FunnelRow>)kv.Value.OrderBy(r => r.Stage).ToList())).ToList();
    }

    /// <summary>The cohort tables as of a run day: the day's snapshot, else what versions before it wrote for that day.</summary>
    public async Task<CohortTable> ReadCohortsAsync(DateOnly asOf, CohortGranularity granularity, CancellationToken cancellationToken) =>
        await _snapshots.ReadAsync(asOf, granularity, cancellationToken)
        ?? await ReadCohortPartitionAsync(asOf, granularity, CohortCellEntity.LegacyPartition(asOf, granularity), cancellationToken);

    /// <summary>The cohorts table's current cells, as of the day its marker row gives (null when no run wrote it).</summary>
    public async Task<CohortTable?> ReadCurrentCohortsAsync(CohortGranularity granularity, CancellationToken cancellationToken)
    {
        var partition = CohortCellEntity.Partition(granularity);
        var marker = await clients.Table(StorageNames.CohortsTable)
            .GetEntityIfExistsAsync<TableEntity>(partition, CohortCellEntity.AsOfRow, cancellationToken: cancellationToken);
        return marker.HasValue
            ? await ReadCohortPartitionAsync(CohortCellEntity.AsOf(marker.Value!)!.Value, granularity, partition, cancellationToken)
            : null;
    }

    private async Task<CohortTable> ReadCohortPartitionAsync(DateOnly asOf, CohortGranularity granularity, string partition, CancellationToken cancellationToken)
    {
        var rows = new SortedDictionary<string, (DateOnly Start, int Size, List<CohortCell> Cells)>(StringComparer.Ordinal);
        await foreach (var e in clients.Table(StorageNames.CohortsTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (e.RowKey == CohortCellEntity.AsOfRow)
            {
                continue;
            }

            var (cohort, start, size, cell) = CohortCellEntity.FromEntity(e);
            if (!rows.TryGetValue(cohort, out var row))
            {
                rows[cohort] = row = (start, size, []);
            }

            row.Cells.Add(cell);
        }

        return new CohortTable(granularity, asOf, rows.Select(kv => new CohortRow(kv.Key, kv.Value.Start, kv.Value.Size, kv.Value.Cells.OrderBy(c => c.Offset).ToList())).ToList());
    }

    public async Task<IReadOnlyList<CampaignRow>> ReadCampaignsAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var partition = CampaignEntity.Partition(asOf);
        var rows = new List<CampaignRow>();
        await foreach (var e in clients.Table(StorageNames.CampaignsTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(CampaignEntity.FromEntity(e));
        }

        return rows;
    }
}
