namespace LifecycleFunctions.Engine.Reports;

/// <summary>The pre-built funnel workbooks: one per recompute day, and the latest.</summary>
public interface IWorkbookStore
{
    /// <param name="latest">Also make it the latest (not for a backfill's day).</param>
    Task UploadAsync(DateOnly asOf, string path, bool latest, CancellationToken cancellationToken);

    /// <summary>The day the latest workbook is as of, or null when none was built yet.</summary>
    Task<DateOnly?> LatestAsOfAsync(CancellationToken cancellationToken);

    /// <summary>The latest workbook and the day it is as of, or null when none was built yet.</summary>
    Task<(Stream Content, DateOnly AsOf)?> OpenLatestAsync(CancellationToken cancellationToken);
}
