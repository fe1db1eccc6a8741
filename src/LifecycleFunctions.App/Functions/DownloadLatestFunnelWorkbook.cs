using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Storage.Reports;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Functions;

/// <summary>GET /api/reports/funnel/latest: streams the workbook pre-built after the last recompute (function key required).</summary>
public sealed class DownloadLatestFunnelWorkbook(FunnelWorkbookBlobs blobs) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) =>
        await blobs.OpenLatestAsync(StorageDeadline.Start(context)) is { } latest
            ? Results.File(latest.Content, FunnelWorkbookExporter.ContentType, FunnelWorkbookBlobs.DatedBlob(latest.AsOf))
            : ReportProblems.NoWorkbookYet();
}
