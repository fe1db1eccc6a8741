using ClosedXML.Excel;
using LifecycleFunctions.Tests.Shared;

namespace LifecycleFunctions.Reporting.Tests;

/// <summary>Exports a report to memory and reopens it, validated, as a manager's Excel would.</summary>
public static class ExportedWorkbook
{
    public static async Task<XLWorkbook> OpenAsync(FunnelReport report)
    {
        var output = new MemoryStream();
        await new FunnelWorkbookExporter().ExportAsync(report, output, null, CancellationToken.None);
        output.Position = 0;
        return WorkbookAssert.Open(output);
    }

    /// <summary>A cell's number, or null when it is empty: what a ratio with no denominator leaves.</summary>
    public static double? NumberOrEmpty(IXLCell cell) => cell.IsEmpty() ? null : cell.GetDouble();

    /// <summary>The cell holds the number to the 15 significant digits a workbook keeps, or is empty when there is none.</summary>
    public static void AssertNumber(double? expected, IXLCell cell)
    {
        var actual = NumberOrEmpty(cell);
        Assert.True(expected is null == actual is null, $"{cell.Address}: expected {expected?.ToString() ?? "empty"}, found {actual?.ToString() ?? "empty"}");
        if (expected is { } e)
        {
            Assert.Equal(e, actual!.Value, 12);
        }
    }
}
