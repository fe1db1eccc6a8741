using System.Globalization;
using ClosedXML.Excel;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting.Streaming;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>
/// The designed shell of a stage's member sheet: title, note, and an Excel table with a header and one styled
/// template row. The rows are streamed in afterwards (<see cref="MemberSheetStreamer"/>), taking each column's
/// number or date format from the template row, so a million members never sit in ClosedXML's object model.
/// </summary>
public static class MemberSheet
{
    public static void Add(XLWorkbook workbook, FunnelReport report, MemberSheetPlan plan)
    {
        var sheet = workbook.Worksheets.Add(plan.SheetName);
        DashboardTheme.Page(sheet, Title(report, plan), Text($"As of {report.AsOf:yyyy-MM-dd} · next best action: {NextBestAction.For(plan.Stage)}"), MemberColumns.LastColumn + 1, DashboardTheme.Accent(plan.Stage));
        if (plan.Parts > 1)
        {
            var note = sheet.Cell(3, 2);
            note.SetValue(Text($"Part {plan.Part} of {plan.Parts}: Excel holds {MemberColumns.ExcelMaxRows:N0} rows a sheet, so the {plan.ExpectedMembers:N0} members continue on the sheets named \"{plan.Stage} (n)\"."));
            note.Style.Font.Bold = true;
            note.Style.Font.FontColor = XLColor.FromHtml("#B03A2E");
        }

        for (var i = 0; i < MemberColumns.Names.Length; i++)
        {
            sheet.Cell(MemberColumns.HeaderRow, MemberColumns.FirstColumn + i).SetValue(MemberColumns.Names[i]);
        }

        // The template row: values only so that every cell (and its style) is written; the streamer replaces them.
        var template = MemberColumns.FirstDataRow;
        var c = MemberColumns.FirstColumn;
        DashboardTheme.Number(sheet.Cell(template, c), "-", "@");
        DashboardTheme.Number(sheet.Cell(template, c + 1), "-", "@");
        DashboardTheme.Number(sheet.Cell(template, c + 2), report.AsOf.ToDateTime(TimeOnly.MinValue), DashboardTheme.Date);
        DashboardTheme.Number(sheet.Cell(template, c + 3), 0, DashboardTheme.Count);
        DashboardTheme.Number(sheet.Cell(template, c + 4), "-", "@");
        DashboardTheme.Number(sheet.Cell(template, c + 5), 0, DashboardTheme.Count);
        DashboardTheme.Number(sheet.Cell(template, c + 6), 0m, DashboardTheme.Money);
        DashboardTheme.Number(sheet.Cell(template, c + 7), report.AsOf.ToDateTime(TimeOnly.MinValue), DashboardTheme.Date);
        DashboardTheme.Number(sheet.Cell(template, c + 8), "-", "@");

        // Text right after a right-aligned number would touch it ("154google"): a one-character indent parts them.
        sheet.Cell(template, c + 4).Style.Alignment.Indent = 1;
        sheet.Cell(template, c + 8).Style.Alignment.Indent = 1;

        var table = sheet.Range(MemberColumns.HeaderRow, MemberColumns.FirstColumn, template, MemberColumns.LastColumn).CreateTable(plan.TableName);
        table.ShowAutoFilter = true;
        DashboardTheme.Table(table);
        ColumnWidths.Set(sheet, MemberColumns.FirstColumn, MemberColumns.Widths);
        sheet.SheetView.FreezeRows(MemberColumns.HeaderRow);
    }

    private static string Title(FunnelReport report, MemberSheetPlan plan)
    {
        var count = report.MemberCount(plan.Stage);
        return Text($"{plan.Stage}: {count:N0} {(count == 1 ? "person" : "people")}{(report.Filter.Channel is { } channel ? $" first touched by {channel}" : string.Empty)}");
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
