using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Functions;

/// <summary>GET /api/reports/funnel[/{stage}]?asOf=&amp;channel=&amp;cohort=: builds the funnel workbook now (function key required).</summary>
public sealed class ExportFunnelWorkbook(FunnelReportLoader loader, FunnelWorkbookExporter exporter) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context)
    {
        var (request, problem) = ReportRequest.Parse(context);
        if (request is null)
        {
            return problem!;
        }

        var load = await loader.LoadAsync(request.AsOf, request.Filter, StorageDeadline.Start(context));
        // Building a large workbook takes its time; storage failing during it still ends in 503 (the SDK's retries spent).
        StorageDeadline.Stop(context);
        if (load.Report is not { } report)
        {
            return load.Latest is not { } latest ? ReportProblems.NoRecomputeYet() : ReportProblems.NoRecomputeFor(request.AsOf ?? latest, load);
        }

        // Built into a temporary file first: the package is a zip, and a failure half way must not look like a download.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await exporter.ExportAsync(report, file, null, context.RequestAborted);
            file.Position = 0;
            return Results.File(file, FunnelWorkbookExporter.ContentType, FunnelWorkbookExporter.FileName(report));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
