using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>
/// A breakdown of the funnel (first-touch channel × stage, or acquisition cohort × stage): counts of people who
/// ever reached each stage, then the same as a share of the slice's reached people under a colour scale.
/// </summary>
public static class SliceMatrixSheet
{
    public const string ChannelSheet = "By channel";
    public const string CohortSheet = "By acquisition cohort";
    public const string ChannelName = "ByChannel";
    public const string CohortName = "ByAcquisitionCohort";
    public const int HeaderRow = 5;

    private static readonly LifecycleStage[] Stages = Enum.GetValues<LifecycleStage>();

    public static void AddChannels(XLWorkbook workbook, FunnelReport report) =>
        Add(workbook, ChannelSheet, ChannelName, "First-touch channel", "Where each first-touch channel's people got to", report.Funnel.ByChannel, report);

    public static void AddCohorts(XLWorkbook workbook, FunnelReport report) =>
        Add(workbook, CohortSheet, CohortName, "Month first seen", "How far each month's newcomers got (acquisition cohorts: the month a person entered the funnel)", report.Funnel.ByCohort, report);

    private static void Add(XLWorkbook workbook, string sheetName, string definedName, string sliceLabel, string title, IReadOnlyList<FunnelSliceRow> rows, FunnelReport report)
    {
        var sheet = workbook.Worksheets.Add(sheetName);
        var countsEnd = 2 + Stages.Length;
        var sharesStart = countsEnd + 2;
        var lastColumn = sharesStart + Stages.Length - 1;
        DashboardTheme.Page(sheet, title, $"As of {report.AsOf:yyyy-MM-dd} · people who ever reached each stage, and as a share of the slice's reached people", lastColumn + 1);
        var slices = rows.GroupBy(r => r.Slice, StringComparer.Ordinal).ToList();
        if (report.Filter.Channel is { } channel && definedName == ChannelName)
        {
            slices = slices.Where(s => s.Key == channel).ToList();
        }

        DashboardTheme.Section(sheet, HeaderRow - 1, 2, countsEnd, "People who ever reached");
        DashboardTheme.Section(sheet, HeaderRow - 1, sharesStart, lastColumn, "% of the slice's reached people");
        sheet.Cell(HeaderRow, 2).SetValue(sliceLabel);
        for (var i = 0; i < Stages.Length; i++)
        {
            sheet.Cell(HeaderRow, 3 + i).SetValue(Stages[i].ToString());
            sheet.Cell(HeaderRow, sharesStart + i).SetValue(Stages[i].ToString());
        }

        DashboardTheme.Header(sheet.Range(HeaderRow, 2, HeaderRow, countsEnd));
        DashboardTheme.Header(sheet.Range(HeaderRow, sharesStart, HeaderRow, lastColumn));
        var row = HeaderRow + 1;
        foreach (var slice in slices)
        {
            sheet.Cell(row, 2).SetValue(slice.Key);
            sheet.Cell(row, 2).Style.Font.Bold = true;
            var byStage = slice.ToDictionary(r => r.Stage);
            for (var i = 0; i < Stages.Length; i++)
            {
                if (!byStage.TryGetValue(Stages[i], out var cell))
                {
                    continue;
                }

                sheet.Cell(row, 3 + i).Value = cell.EverReached;
                sheet.Cell(row, 3 + i).Style.NumberFormat.Format = DashboardTheme.Count;
                if (cell.ConversionFromReach is { } share)
                {
                    sheet.Cell(row, sharesStart + i).Value = share;
                    sheet.Cell(row, sharesStart + i).Style.NumberFormat.Format = DashboardTheme.Percent;
                }
            }

            row++;
        }

        if (row == HeaderRow + 1)
        {
            sheet.Cell(row, 2).SetValue("No one classified yet.");
            row++;
        }

        var last = row - 1;
        var body = sheet.Range(HeaderRow + 1, 2, last, lastColumn);
        body.Style.Border.BottomBorder = XLBorderStyleValues.Hair;
        body.Style.Border.BottomBorderColor = DashboardTheme.Rule;

        // One scale per stage column: Reach is 100% everywhere and would flatten a scale over the whole block.
        for (var i = 1; i < Stages.Length; i++)
        {
            DashboardTheme.ColorScale(sheet.Range(HeaderRow + 1, sharesStart + i, last, sharesStart + i));
        }

        DashboardTheme.DataBar(sheet.Range(HeaderRow + 1, 3, last, 3));
        workbook.NamedRanges.Add(definedName, sheet.Range(HeaderRow, 2, last, lastColumn));
        ColumnWidths.Fit(sheet, HeaderRow + 1, 2, 2, min: 14, max: 40);
        for (var column = 3; column <= lastColumn; column++)
        {
            sheet.Column(column).Width = column == countsEnd + 1 ? 3 : 12;
        }

        sheet.SheetView.Freeze(HeaderRow, 2);
    }
}
