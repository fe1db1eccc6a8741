using System.Globalization;
using ClosedXML.Excel;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>
/// Column widths from the text the cells show. ClosedXML 0.95.4's fit-to-contents measures with System.Drawing, which
/// throws on Linux, so widths are estimated from character counts (Calibri 11: about one width unit a character).
/// </summary>
public static class ColumnWidths
{
    public static void Fit(IXLWorksheet sheet, int fromRow, int firstColumn, int lastColumn, double min = 8, double max = 60)
    {
        for (var column = firstColumn; column <= lastColumn; column++)
        {
            var longest = 0;
            foreach (var cell in sheet.Column(column).CellsUsed(c => c.Address.RowNumber >= fromRow && !c.IsMerged()))
            {
                longest = Math.Max(longest, Shown(cell).Length);
            }

            sheet.Column(column).Width = Math.Clamp((longest * 1.1) + 2, min, max);
        }
    }

    /// <summary>Sets widths for columns whose content is not in the sheet yet (streamed member rows).</summary>
    public static void Set(IXLWorksheet sheet, int firstColumn, IReadOnlyList<double> widths)
    {
        for (var i = 0; i < widths.Count; i++)
        {
            sheet.Column(firstColumn + i).Width = widths[i];
        }
    }

    private static string Shown(IXLCell cell)
    {
        try
        {
            return cell.GetFormattedString();
        }
        catch (FormatException)
        {
            return Convert.ToString(cell.Value, CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }
}
