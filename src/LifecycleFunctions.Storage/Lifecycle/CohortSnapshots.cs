using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Each run day's cohort tables as they were, one gzip JSON blob per day and granularity in the lifecycle
/// container ("cohorts/20261123-week.json.gz"). The cohorts table holds only the latest run's cells, written
/// where they changed; a report for any day reads the day's copy here, which one upload makes whole at once.
/// </summary>
public sealed class CohortSnapshots(StorageClients clients)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container = clients.Container(StorageNames.LifecycleContainer);

    public static string BlobName(DateOnly asOf, CohortGranularity granularity) =>
        $"cohorts/{EntityValues.DayKey(asOf)}-{CohortCellEntity.Partition(granularity)}.json.gz";

    public async Task WriteAsync(CohortTable table, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(gzip, table, Json, cancellationToken);
        }

        buffer.Position = 0;
        await _container.GetBlobClient(BlobName(table.AsOf, table.Granularity)).UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    /// <summary>The day's tables, or null when no run as of that day kept a copy.</summary>
    public async Task<CohortTable?> ReadAsync(DateOnly asOf, CohortGranularity granularity, CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.GetBlobClient(BlobName(asOf, granularity)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var gzip = new GZipStream(download.Value.Content, CompressionMode.Decompress);
            return await JsonSerializer.DeserializeAsync<CohortTable>(gzip, Json, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
