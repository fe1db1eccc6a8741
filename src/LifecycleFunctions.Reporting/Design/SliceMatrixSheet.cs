using System.Globalization;
using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;

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

    public const string AllChannels = "All channels";
    public const string AllMonths = "All months";

    public static void AddChannels(XLWorkbook workbook, FunnelReport report)
    {
        var channel = report.Filter.Channel;
        var rows = channel is null ? report.Funnel.ByChannel : report.Funnel.ByChannel.Where(r => string.Equals(r.Slice, channel, StringComparison.Ordinal)).ToList();

        // Filtered, the sheet is the one channel's row; a row of everyone would read as that channel's total.
        Add(workbook, ChannelSheet, ChannelName, "First-touch channel", "Where each first-touch channel's people got to", rows, channel is null ? AllChannels : null,
            channel is null ? "No one classified yet." : Text($"No one first touched by {channel}."), channel is null ? string.Empty : Text($" · first-touch channel {channel}"), report);
    }

    // Acquisition cohorts are not kept by channel, so a channel-filtered workbook shows them for everyone and says so.
    public static void AddCohorts(XLWorkbook workbook, FunnelReport report) =>
        Add(workbook, CohortSheet, CohortName, "Month first seen", "How far each month's newcomers got (acquisition cohorts: the month a person entered the funnel)", report.Funnel.ByCohort, AllMonths,
            "No one classified yet.", report.Filter.Channel is null ? string.Empty : " · all channels (acquisition cohorts are not split by channel)", report);

    private static void Add(XLWorkbook workbook, string sheetName, string definedName, string sliceLabel, string title, IReadOnlyList<FunnelSliceRow> rows, string? totalLabel, string empty, string scope, FunnelReport report)
    {
        var sheet = workbook.Worksheets.Add(sheetName);
        var countsEnd = 2 + Stages.Length;
        var sharesStart = countsEnd + 2;
        var lastColumn = sharesStart + Stages.Length - 1;
        DashboardTheme.Page(sheet, title, Text($"As of {report.AsOf:yyyy-MM-dd}{scope} · people who ever reached each stage, and as a share of the slice's reached people"), lastColumn + 1);
        var slices = rows.GroupBy(r => r.Slice, StringComparer.Ordinal).ToList();

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
            Line(sheet, row++, slice.Key, slice.ToDictionary(r => r.Stage, r => (r.EverReached, r.ConversionFromReach)), sharesStart);
        }

        if (row == HeaderRow + 1)
        {
            sheet.Cell(row, 2).SetValue(empty);
            row++;
        }

        var lastSlice = row - 1;
        var body = sheet.Range(HeaderRow + 1, 2, lastSlice, lastColumn);
        body.Style.Border.BottomBorder = XLBorderStyleValues.Hair;
        body.Style.Border.BottomBorderColor = DashboardTheme.Rule;

        // One scale per stage column: Reach is 100% everywhere and would flatten a scale over the whole block.
        for (var i = 1; i < Stages.Length; i++)
        {
            DashboardTheme.ColorScale(sheet.Range(HeaderRow + 1, sharesStart + i, lastSlice, sharesStart + i));
        }

        DashboardTheme.DataBar(sheet.Range(HeaderRow + 1, 3, lastSlice, 3));

        // Everyone, as on the Overview, so the slices can be read against it; kept out of the scales and bars,
        // where it would be the largest value of every column.
        if (totalLabel is not null && slices.Count > 0)
        {
            Line(sheet, row, totalLabel, report.Funnel.Stages.ToDictionary(r => r.Stage, r => (r.EverReached, r.ConversionFromReach)), sharesStart);
            var total = sheet.Range(row, 2, row, lastColumn);
            total.Style.Font.Bold = true;
            total.Style.Border.TopBorder = XLBorderStyleValues.Thin;
            total.Style.Border.TopBorderColor = DashboardTheme.Band;
            row++;
        }

        var last = row - 1;
        workbook.NamedRanges.Add(definedName, sheet.Range(HeaderRow, 2, last, lastColumn));
        ColumnWidths.Fit(sheet, HeaderRow + 1, 2, 2, min: 14, max: 40);
        for (var column = 3; column <= lastColumn; column++)
        {
            sheet.Column(column).Width = column == countsEnd + 1 ? 3 : 12;
        }

        sheet.SheetView.Freeze(HeaderRow, 2);
    }

    private static void Line(IXLWorksheet sheet, int row, string label, Dictionary<LifecycleStage, (int EverReached, double? Share)> byStage, int sharesStart)
    {
        sheet.Cell(row, 2).SetValue(label);
        sheet.Cell(row, 2).Style.Font.Bold = true;
        for (var i = 0; i < Stages.Length; i++)
        {
            if (!byStage.TryGetValue(Stages[i], out var cell))
            {
                continue;
            }

            DashboardTheme.Number(sheet.Cell(row, 3 + i), cell.EverReached, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, sharesStart + i), cell.Share, DashboardTheme.Percent);
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
