namespace LifecycleFunctions.Engine.Reports;

public static class FunnelWorkbookFormat
{
    /// <summary>What a funnel workbook is served and stored as.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
