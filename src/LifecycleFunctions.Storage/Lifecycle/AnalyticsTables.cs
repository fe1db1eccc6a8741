using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
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
        var partition = CohortCellEntity.Partition(table.Granularity);
        var client = clients.Table(StorageNames.CohortsTable);
        var marker = await client.GetEntityIfExistsAsync<TableEntity>(partition, CohortCellEntity.AsOfRow, cancellationToken: cancellationToken);
        var stored = await StoredCellsAsync(client, partition, marker.HasValue ? marker.Value : null, table.Granularity, cancellationToken);
        await _snapshots.WriteAsync(table, cancellationToken);

        var cells = table.Rows.SelectMany(row => row.Cells.Select(cell => CohortCellEntity.ToEntity(partition, row, cell))).ToList();
        var changed = cells.Where(e => !stored.TryGetValue(e.RowKey, out var old) || !SameProperties(e, old)).ToList<ITableEntity>();
        var keep = cells.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = stored.Keys.Where(key => !keep.Contains(key))
            .Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), Azure.ETag.All))
            .ToList();
        var done = CohortCellEntity.AsOfMarker(partition, table.AsOf, writing: false);
        if (changed.Count == 0 && stale.Count == 0 && marker.HasValue && SameProperties(done, marker.Value!))
        {
            return;
        }

        var writing = CohortCellEntity.AsOfMarker(partition, table.AsOf, writing: true);
        await client.UpsertEntityAsync(writing, TableUpdateMode.Replace, cancellationToken);
        await TableBatches.UpsertAsync(client, changed, cancellationToken);
        await TableBatches.SubmitAsync(client, stale, cancellationToken);
        await client.UpsertEntityAsync(done, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The partition's cells as they stand, keyed by row key.</summary>
    private async Task<Dictionary<string, TableEntity>> StoredCellsAsync(TableClient client, string partition, TableEntity? marker, CohortGranularity granularity, CancellationToken cancellationToken)
    {
        if (marker is not null && !CohortCellEntity.IsWriting(marker) && CohortCellEntity.AsOf(marker) is { } asOf
            && await _snapshots.ReadAsync(asOf, granularity, cancellationToken) is { } previous)
        {
            return previous.Rows.SelectMany(row => row.Cells.Select(cell => CohortCellEntity.ToEntity(partition, row, cell)))
                .ToDictionary(e => e.RowKey, StringComparer.Ordinal);
        }

        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (row.RowKey != CohortCellEntity.AsOfRow)
            {
                stored[row.RowKey] = row;
            }
        }

        return stored;
    }

    private static bool SameProperties(TableEntity written, TableEntity stored)
    {
        var storedKeys = stored.Keys.Where(k => !SystemProperties.Contains(k)).ToList();
        return storedKeys.Count == written.Keys.Count(k => !SystemProperties.Contains(k))
            && storedKeys.All(k => written.TryGetValue(k, out var value) && Equals(value, stored[k]));
    }

    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The day's funnel, every breakdown and the purchase totals, in place of what its partition held.</summary>
    public async Task WriteFunnelAsync(FunnelSnapshot snapshot, CancellationToken cancellationToken)
    {
        var partition = FunnelEntity.Partition(snapshot.AsOf);
        var rows = snapshot.Stages.Select(r => FunnelEntity.ToEntity(partition, r))
            .Concat(snapshot.ByChannel.Select(r => FunnelEntity.ToEntity(partition, FunnelDimension.Channel, r)))
            .Concat(snapshot.ByCohort.Select(r => FunnelEntity.ToEntity(partition, FunnelDimension.Cohort, r)))
            .Append(FunnelEntity.ToEntity(partition, snapshot.Totals));
        await TableBatches.ReplacePartitionAsync(clients.Table(StorageNames.FunnelTable), partition, rows.ToList<ITableEntity>(), cancellationToken);
    }

    public async Task WriteCampaignsAsync(DateOnly asOf, IReadOnlyList<CampaignRow> rows, CancellationToken cancellationToken)
    {
        var partition = CampaignEntity.Partition(asOf);
        var entities = rows.Select(r => CampaignEntity.ToEntity(partition, r)).ToList<ITableEntity>();
        await TableBatches.ReplacePartitionAsync(clients.Table(StorageNames.CampaignsTable), partition, entities, cancellationToken);
    }
}
