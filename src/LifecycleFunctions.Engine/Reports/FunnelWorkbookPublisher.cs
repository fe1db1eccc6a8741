using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Engine.Reports;

/// <summary>After a recompute, builds the full workbook for its day and puts it in Blob Storage, dated and as "latest".</summary>
public sealed class FunnelWorkbookPublisher(FunnelReportLoader loader, IFunnelWorkbookExporter exporter, IWorkbookStore blobs, ILogger<FunnelWorkbookPublisher> logger)
{
    public async Task PublishAsync(DateOnly asOf, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var load = await loader.LoadAsync(asOf, new ReportFilter(), cancellationToken);
        if (load.Report is not { } report)
        {
            logger.LogWarning("No funnel stored for {AsOf:yyyy-MM-dd}; no workbook published", asOf);
            return;
        }

        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                var result = await exporter.ExportAsync(report, file, progress, cancellationToken);
                logger.LogInformation("Funnel workbook for {AsOf:yyyy-MM-dd}: {Rows} member rows", asOf, result.TotalMemberRows);
            }

            // A backfill's workbook is kept under its day; "latest" stays the current view's.
            await blobs.UploadAsync(asOf, path, latest: load.Latest == asOf, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
