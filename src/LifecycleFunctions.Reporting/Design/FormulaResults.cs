using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>
/// What the formulas of the designed sheets evaluate to when the workbook is opened, written next to each formula
/// in the saved package. ClosedXML 0.95.4 saves a formula without a result (it cannot evaluate structured
/// references or SUBTOTAL 109), so a reader that does not recalculate (file previews, pandas, Power Query, a
/// viewer on a phone) would show the cell blank; Excel recalculates on open and gets the same figures.
/// </summary>
public sealed class FormulaResults
{
    private readonly Dictionary<string, Dictionary<string, object>> _bySheet = new(StringComparer.Ordinal);

    public void Add(string sheet, string cell, double value) => Cells(sheet)[cell] = value;

    /// <summary>A text result, such as the empty text of a ratio whose denominator is 0.</summary>
    public void Add(string sheet, string cell, string text) => Cells(sheet)[cell] = text;

    public bool TryGet(string sheet, out IReadOnlyDictionary<string, object> cells)
    {
        var found = _bySheet.TryGetValue(sheet, out var known);
        cells = known ?? new Dictionary<string, object>();
        return found;
    }

    /// <summary>The worksheet's XML with each listed formula cell carrying its result; a listed cell without a formula is an error.</summary>
    public static string Apply(string worksheetXml, IReadOnlyDictionary<string, object> cells)
    {
        var worksheet = new Worksheet(worksheetXml);
        var left = new HashSet<string>(cells.Keys, StringComparer.Ordinal);
        foreach (var cell in worksheet.Descendants<Cell>())
        {
            if (cell.CellReference?.Value is not { } reference || !cells.TryGetValue(reference, out var result))
            {
                continue;
            }

            if (cell.CellFormula is null)
            {
                throw new InvalidOperationException($"Cell {reference} was given a formula result but holds no formula.");
            }

            if (result is string text)
            {
                cell.DataType = CellValues.String;
                cell.CellValue = new CellValue(text);
            }
            else
            {
                cell.DataType = null;
                cell.CellValue = new CellValue(((double)result).ToString("R", CultureInfo.InvariantCulture));
            }

            left.Remove(reference);
        }

        if (left.Count > 0)
        {
            throw new InvalidOperationException($"Formula results for cells not in the sheet: {string.Join(", ", left.Order(StringComparer.Ordinal))}.");
        }

        return worksheet.OuterXml;
    }

    private Dictionary<string, object> Cells(string sheet)
    {
        if (!_bySheet.TryGetValue(sheet, out var cells))
        {
            cells = new Dictionary<string, object>(StringComparer.Ordinal);
            _bySheet[sheet] = cells;
        }

        return cells;
    }
}
