using System.Globalization;
using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>
/// The retention triangle as heat maps: for each first-purchase cohort and period offset, customers ordering in
/// the period ("on") and in it or later ("on or after"), as counts and shares, then revenue and cumulative
/// revenue per customer. Periods still in progress are italic, grey and dotted, as the legend says.
/// </summary>
public static class CohortSheet
{
    public const string Name = "Cohorts";

    private sealed record Block(string Title, string DefinedName, string Format, bool Scale, Func<CohortRow, CohortCell, object> Value);

    public static void Add(XLWorkbook workbook, FunnelReport report)
    {
        var sheet = workbook.Worksheets.Add(Name);
        var table = report.Cohorts;
        var offsets = table.Rows.Count == 0 ? 1 : table.Rows.Max(r => r.Cells.Count);
        var lastColumn = 3 + offsets;
        var unit = table.Granularity == CohortGranularity.Month ? "month" : "ISO week";
        // Retention cohorts are not kept by channel: a channel-filtered workbook shows everyone's and says so.
        var scope = report.Filter.Channel is null ? string.Empty : " · all channels (retention cohorts are not split by channel)";
        DashboardTheme.Page(sheet, $"Retention by first-purchase {unit}", $"As of {report.AsOf:yyyy-MM-dd}{scope} · each row a cohort of first-time customers, each column {unit}s since their first purchase (+0 is the first {unit})", Math.Max(lastColumn, 12) + 1);
        var legend = sheet.Cell(3, 2);
        legend.SetValue($"Italic grey cells with a dotted border are {unit}s still in progress on the as-of day: their figures will grow.");
        legend.Style.Font.FontSize = 9;
        legend.Style.Font.Italic = true;
        legend.Style.Font.FontColor = DashboardTheme.InProgress;

        Block[] blocks =
        [
            new("Customers ordering in the period (on)", "Cohorts_On", DashboardTheme.Count, false, (_, c) => c.On),
            new("% of the cohort ordering in the period (on)", "Cohorts_OnShare", DashboardTheme.Percent, true, (r, c) => c.OnShare(r.Size)),
            new("Customers ordering in the period or later (on or after)", "Cohorts_OnOrAfter", DashboardTheme.Count, false, (_, c) => c.OnOrAfter),
            new("% of the cohort ordering in the period or later (on or after)", "Cohorts_OnOrAfterShare", DashboardTheme.Percent, true, (r, c) => c.OnOrAfterShare(r.Size)),
            new("Revenue in the period", "Cohorts_Revenue", DashboardTheme.Money, false, (_, c) => c.Revenue),
            new("Cumulative revenue per cohort customer", "Cohorts_CumulativeRevenuePerCustomer", DashboardTheme.Money, true, (_, c) => c.CumulativeRevenuePerCustomer),
        ];

        var row = 5;
        foreach (var block in blocks)
        {
            row = AddBlock(workbook, sheet, table, block, row, offsets) + 2;
        }

        sheet.Column(2).Width = 12;
        // "Customers" in bold needs the room on one line; at 9 it wrapped after "Customer" where the font is wider than Calibri.
        sheet.Column(3).Width = 11;
        for (var column = 4; column <= lastColumn; column++)
        {
            sheet.Column(column).Width = 9.5;
        }

        sheet.SheetView.Freeze(2, 3);
    }

    private static int AddBlock(XLWorkbook workbook, IXLWorksheet sheet, CohortTable table, Block block, int row, int offsets)
    {
        var lastColumn = 3 + offsets;
        DashboardTheme.Section(sheet, row, 2, lastColumn, block.Title);
        var header = row + 1;
        sheet.Cell(header, 2).SetValue("Cohort");
        sheet.Cell(header, 3).SetValue("Customers");
        for (var offset = 0; offset < offsets; offset++)
        {
            sheet.Cell(header, 4 + offset).SetValue("+" + offset.ToString(CultureInfo.InvariantCulture));
        }

        DashboardTheme.Header(sheet.Range(header, 2, header, lastColumn));
        var r = header + 1;
        foreach (var cohort in table.Rows)
        {
            sheet.Cell(r, 2).SetValue(cohort.Cohort);
            sheet.Cell(r, 2).Style.Font.Bold = true;
            sheet.Cell(r, 3).Value = cohort.Size;
            sheet.Cell(r, 3).Style.NumberFormat.Format = DashboardTheme.Count;
            foreach (var cell in cohort.Cells)
            {
                var target = sheet.Cell(r, 4 + cell.Offset);
                target.Value = block.Value(cohort, cell);
                target.Style.NumberFormat.Format = block.Format;
                if (cell.Incomplete)
                {
                    target.Style.Font.Italic = true;
                    target.Style.Font.FontColor = DashboardTheme.InProgress;
                    target.Style.Border.OutsideBorder = XLBorderStyleValues.Dotted;
                    target.Style.Border.OutsideBorderColor = DashboardTheme.InProgress;
                }
            }

            r++;
        }

        if (table.Rows.Count == 0)
        {
            sheet.Cell(r, 2).SetValue("No customer has ordered yet.");
            r++;
        }

        var last = r - 1;
        if (table.Rows.Count > 0)
        {
            var cells = sheet.Range(header + 1, 4, last, lastColumn);
            if (block.Scale)
            {
                DashboardTheme.ColorScale(cells);
            }

            workbook.NamedRanges.Add(block.DefinedName, sheet.Range(header, 2, last, lastColumn));
        }

        return last;
    }
}
