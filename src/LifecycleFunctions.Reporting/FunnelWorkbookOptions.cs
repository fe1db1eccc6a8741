using LifecycleFunctions.Reporting.Streaming;

namespace LifecycleFunctions.Reporting;

public sealed class FunnelWorkbookOptions
{
    /// <summary>Rows a sheet may hold, title and header included: Excel's limit unless a test wants splitting sooner.</summary>
    public int MaxRowsPerSheet { get; init; } = MemberColumns.ExcelMaxRows;

    public string Author { get; init; } = "LifecycleFunctions";
}
