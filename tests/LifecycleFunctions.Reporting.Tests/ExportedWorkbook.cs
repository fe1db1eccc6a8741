using ClosedXML.Excel;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Tests.Shared;

namespace LifecycleFunctions.Reporting.Tests;

/// <summary>Exports a report to memory and reopens it, validated, as a manager's Excel would.</summary>
public static class ExportedWorkbook
{
    public static async Task<XLWorkbook> OpenAsync(FunnelReport report) => WorkbookAssert.Open(await ExportAsync(report));

    /// <summary>
    /// The result stored with each formula cell of a sheet, as a reader that does not recalculate sees it: the
    /// package's own XML, not ClosedXML's reading of it. A formula saved without a result maps to null.
    /// </summary>
    public static async Task<Dictionary<string, string?>> StoredFormulaResultsAsync(FunnelReport report, string sheetName)
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(await ExportAsync(report), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == sheetName);
        var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        return part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>()
            .Where(c => c.CellFormula is not null)
            .ToDictionary(c => c.CellReference!.Value!, c => c.CellValue is null ? null : (c.DataType?.Value == DocumentFormat.OpenXml.Spreadsheet.CellValues.String ? "str:" : "n:") + c.CellValue.Text);
    }

    private static async Task<MemoryStream> ExportAsync(FunnelReport report)
    {
        var output = new MemoryStream();
        await new FunnelWorkbookExporter().ExportAsync(report, output, null, CancellationToken.None);
        output.Position = 0;
        return output;
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
