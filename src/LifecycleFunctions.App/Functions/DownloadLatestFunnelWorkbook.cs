using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Storage.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>GET /api/reports/funnel/latest: streams the workbook pre-built after the last recompute (function key required).</summary>
public sealed class DownloadLatestFunnelWorkbook(FunnelWorkbookBlobs blobs)
{
    [Function(nameof(DownloadLatestFunnelWorkbook))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/reports/funnel/latest")] HttpRequest request) =>
        await blobs.OpenLatestAsync(StorageDeadline.Start(request.HttpContext)) is { } latest
            ? Results.File(latest.Content, FunnelWorkbookExporter.ContentType, FunnelWorkbookBlobs.DatedBlob(latest.AsOf))
            : ReportProblems.NoWorkbookYet();
}
