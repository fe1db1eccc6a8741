using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>GET /api/reports/funnel[/{stage}]?asOf=&amp;channel=&amp;cohort=: builds the funnel workbook now (function key required).</summary>
public sealed class ExportFunnelWorkbook(FunnelReportLoader loader, FunnelWorkbookExporter exporter)
{
    [Function(nameof(ExportFunnelWorkbook))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/reports/funnel/{stage?}")] HttpRequest request)
    {
        var context = request.HttpContext;
        var (wanted, problem) = ReportRequest.Parse(context);
        if (wanted is null)
        {
            return problem!;
        }

        var load = await loader.LoadAsync(wanted.AsOf, wanted.Filter, StorageDeadline.Start(context));
        // Building a large workbook takes its time; storage failing during it still ends in 503 (the SDK's retries spent).
        StorageDeadline.Stop(context);
        if (load.Report is not { } report)
        {
            return load.Latest is not { } latest ? ReportProblems.NoRecomputeYet() : ReportProblems.NoRecomputeFor(wanted.AsOf ?? latest, load);
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
