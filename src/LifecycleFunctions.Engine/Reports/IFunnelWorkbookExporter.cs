namespace LifecycleFunctions.Engine.Reports;

/// <summary>Writes a funnel report as an Excel workbook, streaming its member lists.</summary>
public interface IFunnelWorkbookExporter
{
    Task<WorkbookExportResult> ExportAsync(
        FunnelReport report,
        Stream output,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken);
}
