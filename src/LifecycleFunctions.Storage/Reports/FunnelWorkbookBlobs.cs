using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Storage.Reports;

/// <summary>The pre-built workbooks in the reports container: one per recompute day, and "latest".</summary>
public sealed class FunnelWorkbookBlobs(StorageClients clients) : IWorkbookStore
{
    public const string LatestBlob = "funnel-latest.xlsx";
    private const string AsOfMetadata = "asof";
    private const string DayFormat = "yyyy-MM-dd";

    private readonly BlobContainerClient _container = clients.Container(StorageNames.ReportsContainer);

    public static string DatedBlob(DateOnly asOf) => $"funnel-{asOf:yyyy-MM-dd}.xlsx";

    public async Task UploadAsync(DateOnly asOf, string path, bool latest, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = FunnelWorkbookFormat.ContentType },
            Metadata = new Dictionary<string, string> { [AsOfMetadata] = asOf.ToString(DayFormat, System.Globalization.CultureInfo.InvariantCulture) },
        };
        await _container.GetBlobClient(DatedBlob(asOf)).UploadAsync(path, options, cancellationToken);

        // Written second: "latest" never names a workbook that is not there.
        if (latest)
        {
            await _container.GetBlobClient(LatestBlob).UploadAsync(path, options, cancellationToken);
        }
    }

    /// <summary>The day the latest workbook is as of, or null when none was built yet.</summary>
    public async Task<DateOnly?> LatestAsOfAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _container.GetBlobClient(LatestBlob).GetPropertiesAsync(cancellationToken: cancellationToken);
            return AsOf(properties.Value.Metadata);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The latest workbook and the day it is as of, or null when none was built yet.</summary>
    public async Task<(Stream Content, DateOnly AsOf)?> OpenLatestAsync(CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.GetBlobClient(LatestBlob).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return (download.Value.Content, AsOf(download.Value.Details.Metadata));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static DateOnly AsOf(IDictionary<string, string> metadata) =>
        DateOnly.ParseExact(metadata[AsOfMetadata], DayFormat, System.Globalization.CultureInfo.InvariantCulture);
}
