using System.Globalization;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Engine.Reports;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Reports;

/// <summary>The 404s of the reporting endpoints, each saying what to do next.</summary>
public static class ReportProblems
{
    public static IResult NoRecomputeYet() => Problems.Create(StatusCodes.Status404NotFound, "no-recompute", "No recompute has run yet",
        "The funnel is built by the nightly recompute. Run one now with `lifecycle recompute` or POST /api/admin/recompute (function key required), then ask again.");

    public static IResult NoRecomputeFor(DateOnly asOf, FunnelReportLoad load) => Problems.Create(StatusCodes.Status404NotFound, "no-recompute-for-day", "No recompute for that day",
        string.Create(CultureInfo.InvariantCulture, $"No recompute ran as of {asOf:yyyy-MM-dd}. The latest is {load.Latest:yyyy-MM-dd}; leave asOf out for it, or run `lifecycle recompute --as-of {asOf:yyyy-MM-dd}`."),
        new Dictionary<string, object?> { ["latest"] = load.Latest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["available"] = load.Days.TakeLast(60).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList() });

    public static IResult NoWorkbookYet() => Problems.Create(StatusCodes.Status404NotFound, "no-workbook", "No pre-built workbook yet",
        "A workbook is built after each recompute. Run one with `lifecycle recompute` or POST /api/admin/recompute, or build one now with GET /api/reports/funnel.");
}
