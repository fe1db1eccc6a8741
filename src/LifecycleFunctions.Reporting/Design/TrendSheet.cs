using ClosedXML.Excel;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>People in each stage on every recompute day so far: the trend lines, as a table ready for a chart.</summary>
public static class TrendSheet
{
    public const string Name = "Trends";
    public const string TableName = "Trends";
    public const int HeaderRow = 4;

    public static void Add(XLWorkbook workbook, FunnelReport report)
    {
        var sheet = workbook.Worksheets.Add(Name);
        var stages = Enum.GetValues<LifecycleStage>();
        var lastColumn = 2 + stages.Length;
        DashboardTheme.Page(sheet, "Stage counts over time", "People in each stage on each recompute day (all channels)", lastColumn + 1);
        sheet.Cell(HeaderRow, 2).SetValue("Recompute day");
        for (var i = 0; i < stages.Length; i++)
        {
            sheet.Cell(HeaderRow, 3 + i).SetValue(stages[i].ToString());
        }

        // Without stored trend rows the as-of day's own funnel (everyone's, as the trends are) is the one point
        // there is: a dated row of empty counts would read as a day with nobody in any stage.
        var days = report.Trends.Count > 0 ? report.Trends : [(report.AsOf, report.Funnel.Stages)];
        var row = HeaderRow + 1;
        foreach (var (asOf, rows) in days)
        {
            sheet.Cell(row, 2).Value = asOf.ToDateTime(TimeOnly.MinValue);
            sheet.Cell(row, 2).Style.NumberFormat.Format = DashboardTheme.Date;
            foreach (var stage in rows)
            {
                sheet.Cell(row, 3 + (int)stage.Stage).Value = stage.Current;
                sheet.Cell(row, 3 + (int)stage.Stage).Style.NumberFormat.Format = DashboardTheme.Count;
            }

            row++;
        }

        var table = sheet.Range(HeaderRow, 2, row - 1, lastColumn).CreateTable(TableName);
        DashboardTheme.Table(table);
        for (var i = 0; i < stages.Length; i++)
        {
            DashboardTheme.ColorScale(sheet.Range(HeaderRow + 1, 3 + i, row - 1, 3 + i));
        }

        sheet.Column(2).Width = 16;
        for (var column = 3; column <= lastColumn; column++)
        {
            sheet.Column(column).Width = 13;
        }

        sheet.SheetView.FreezeRows(HeaderRow);
    }
}
