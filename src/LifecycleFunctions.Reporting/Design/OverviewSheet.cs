using System.Globalization;
using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>The first page: KPI tiles and the funnel table with data bars, what a manager reads first.</summary>
public static class OverviewSheet
{
    public const string Name = "Overview";
    public const string FunnelName = "Funnel";
    public const string KpiName = "KPIs";
    public const int FunnelHeaderRow = 13;
    public const int LastColumn = 11;

    private static readonly string[] Columns = ["Stage", "Now", "Ever reached", "% of Reach", "Step conversion", "Median days to next", "Next best action"];

    public static void Add(XLWorkbook workbook, FunnelReport report, IReadOnlyDictionary<LifecycleStage, string> memberSheets)
    {
        var sheet = workbook.Worksheets.Add(Name);
        DashboardTheme.Page(sheet, "Customer lifecycle funnel", Subtitle(report), LastColumn + 1);
        for (var column = 2; column <= LastColumn; column++)
        {
            sheet.Column(column).Width = 14;
        }

        sheet.Column(LastColumn + 1).Width = 2;
        var stages = report.Stages.ToDictionary(r => r.Stage);
        var totals = report.Funnel.Totals;
        var allChannels = report.Filter.Channel is null ? null : "all channels";
        Tile(sheet, 4, 2, "Reached", stages[LifecycleStage.Reach].EverReached, DashboardTheme.Count, Now(stages[LifecycleStage.Reach].Current), LifecycleStage.Reach);
        Tile(sheet, 4, 4, "Acquired", stages[LifecycleStage.Acquisition].EverReached, DashboardTheme.Count, Now(stages[LifecycleStage.Acquisition].Current), LifecycleStage.Acquisition);
        Tile(sheet, 4, 6, "Converted", stages[LifecycleStage.Conversion].EverReached, DashboardTheme.Count, Now(stages[LifecycleStage.Conversion].Current), LifecycleStage.Conversion);
        Tile(sheet, 4, 8, "Retained", stages[LifecycleStage.Retention].EverReached, DashboardTheme.Count, Now(stages[LifecycleStage.Retention].Current), LifecycleStage.Retention);
        Tile(sheet, 4, 10, "Loyal", stages[LifecycleStage.Loyalty].EverReached, DashboardTheme.Count, Now(stages[LifecycleStage.Loyalty].Current), LifecycleStage.Loyalty);
        Tile(sheet, 8, 2, "Advocates", stages[LifecycleStage.Advocacy].EverReached, DashboardTheme.Count, Now(stages[LifecycleStage.Advocacy].Current), LifecycleStage.Advocacy);
        Tile(sheet, 8, 4, "Lapsed now", stages[LifecycleStage.Lapsed].Current, DashboardTheme.Count, Share(stages[LifecycleStage.Lapsed].Current, stages[LifecycleStage.Conversion].EverReached, "of customers"), LifecycleStage.Lapsed);
        Tile(sheet, 8, 6, "Revenue", totals.Revenue, DashboardTheme.Money, allChannels ?? Text($"{totals.Orders:N0} orders"), null);
        Tile(sheet, 8, 8, "Repeat-purchase rate", totals.RepeatPurchaseRate, DashboardTheme.Percent, allChannels ?? Text($"{totals.RepeatCustomers:N0} of {totals.Customers:N0} customers"), null);
        Tile(sheet, 8, 10, "Average order value", totals.AverageOrderValue, DashboardTheme.Money, allChannels ?? Text($"over {totals.Orders:N0} orders"), null);
        workbook.NamedRanges.Add(KpiName, sheet.Range(4, 2, 10, LastColumn));

        DashboardTheme.Section(sheet, FunnelHeaderRow - 1, 2, LastColumn, "Funnel: people who ever reached each stage");
        for (var i = 0; i < Columns.Length; i++)
        {
            sheet.Cell(FunnelHeaderRow, 2 + i).SetValue(Columns[i]);
        }

        sheet.Range(FunnelHeaderRow, 8, FunnelHeaderRow, LastColumn).Merge();
        DashboardTheme.Header(sheet.Range(FunnelHeaderRow, 2, FunnelHeaderRow, LastColumn));
        sheet.Row(FunnelHeaderRow).Height = 30;
        var row = FunnelHeaderRow + 1;
        foreach (var stage in report.Stages)
        {
            var name = sheet.Cell(row, 2);
            name.SetValue(stage.Stage.ToString());
            name.Style.Font.Bold = true;
            name.Style.Border.LeftBorder = XLBorderStyleValues.Thick;
            name.Style.Border.LeftBorderColor = DashboardTheme.Accent(stage.Stage);
            if (memberSheets.TryGetValue(stage.Stage, out var target))
            {
                name.Hyperlink = new XLHyperlink($"'{target}'!A1", $"The {stage.Stage} members");
            }

            DashboardTheme.Number(sheet.Cell(row, 3), stage.Current, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, 4), stage.EverReached, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, 5), stage.ConversionFromReach, DashboardTheme.Percent);
            DashboardTheme.Number(sheet.Cell(row, 6), stage.StepConversion, DashboardTheme.Percent);
            DashboardTheme.Number(sheet.Cell(row, 7), stage.MedianDaysToNext, DashboardTheme.Days);
            sheet.Cell(row, 8).SetValue(NextBestAction.For(stage.Stage));
            sheet.Cell(row, 8).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
            sheet.Cell(row, 8).Style.Alignment.Indent = 1;
            sheet.Range(row, 8, row, LastColumn).Merge();
            var line = sheet.Range(row, 2, row, LastColumn);
            line.Style.Border.BottomBorder = XLBorderStyleValues.Hair;
            line.Style.Border.BottomBorderColor = DashboardTheme.Rule;
            sheet.Row(row).Height = 20;
            line.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
            row++;
        }

        var last = row - 1;
        DashboardTheme.DataBar(sheet.Range(FunnelHeaderRow + 1, 4, last, 4));
        DashboardTheme.DataBar(sheet.Range(FunnelHeaderRow + 1, 3, last, 3), XLColor.FromHtml("#8FBCE6"));
        workbook.NamedRanges.Add(FunnelName, sheet.Range(FunnelHeaderRow, 2, last, LastColumn));

        var insights = Insights(report).ToList();
        for (var i = 0; i < insights.Count; i++)
        {
            var cell = sheet.Cell(last + 2 + i, 2);
            cell.RichText.AddText(insights[i].Lead).SetBold().SetFontColor(DashboardTheme.Band);
            cell.RichText.AddText(insights[i].Text);
            sheet.Row(last + 2 + i).Height = 18;
        }

        var notesAt = last + 3 + insights.Count;
        var notes = Notes(report).ToList();
        for (var i = 0; i < notes.Count; i++)
        {
            var note = sheet.Cell(notesAt + i, 2);
            note.SetValue(notes[i]);
            note.Style.Font.FontColor = DashboardTheme.Muted;
            note.Style.Font.FontSize = 9;
        }

        sheet.SheetView.FreezeRows(2);
        // One page in all, where the other sheets (DashboardTheme.Page) are one page wide.
        sheet.PageSetup.FitToPages(1, 1);
    }

    private static string Subtitle(FunnelReport report) =>
        Text($"As of {report.AsOf:yyyy-MM-dd} · {report.Filter.Describe()} · generated {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC");

    /// <summary>The two answers a manager opens the workbook for: where customers are lost, and who to talk to now.</summary>
    private static IEnumerable<(string Lead, string Text)> Insights(FunnelReport report)
    {
        if (FunnelStep.Weakest(report.Stages) is { } step)
        {
            yield return ("Where customers are lost: ", Text($"{step.From} → {step.To}. Of the {step.Reached:N0} who reached {step.From}, {step.Conversion * 100:0}% went on; {step.Lost:N0} stopped there."));
        }

        var now = report.Stages.ToDictionary(s => s.Stage, s => s.Current);
        yield return ("Who to talk to now: ", Text($"{now[LifecycleStage.Lapsed]:N0} lapsed (win-back), {now[LifecycleStage.Conversion]:N0} first-time buyers (onboarding), {now[LifecycleStage.Acquisition]:N0} sign-ups without an order (incentive), {now[LifecycleStage.Advocacy]:N0} advocates (referrals){(report.Filter.Stage is { } only ? $"; names of the {only} stage on its sheet" : "; names on the stage sheets")}."));
    }

    private static IEnumerable<string> Notes(FunnelReport report)
    {
        yield return "Ever reached: people who got to the stage at some time (skipping a stage counts as passing it). Step conversion: over the stage before (Lapsed over Conversion, Advocacy over Retention).";
        if (report.Filter.Channel is not null)
        {
            yield return report.Filter.Stage is null
                ? "Filtered by first-touch channel. Median days are kept for everyone only; revenue, repeat-purchase rate and order value, the acquisition and retention cohorts and the trends are over all channels."
                : "Filtered by first-touch channel. Median days are kept for everyone only; revenue, repeat-purchase rate and order value are over all channels.";
        }

        if (!report.HasMemberLists)
        {
            yield return Text($"Member lists are kept for the latest recompute only ({report.MembersAsOf:yyyy-MM-dd}); download the workbook as of that day for them.");
        }
    }

    private static void Tile(IXLWorksheet sheet, int row, int column, string label, object? value, string format, string sub, LifecycleStage? stage)
    {
        var tile = sheet.Range(row, column, row + 2, column + 1);
        tile.Style.Fill.BackgroundColor = DashboardTheme.Tile;
        tile.Style.Border.LeftBorder = XLBorderStyleValues.Thick;
        tile.Style.Border.LeftBorderColor = stage is { } s ? DashboardTheme.Accent(s) : DashboardTheme.Band;
        foreach (var r in new[] { row, row + 1, row + 2 })
        {
            sheet.Range(r, column, r, column + 1).Merge();
            sheet.Cell(r, column).Style.Border.LeftBorder = XLBorderStyleValues.Thick;
            sheet.Cell(r, column).Style.Border.LeftBorderColor = stage is { } t ? DashboardTheme.Accent(t) : DashboardTheme.Band;
        }

        // Indented so the text does not touch the tile's accent border.
        foreach (var r in new[] { row, row + 1, row + 2 })
        {
            sheet.Cell(r, column).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
            sheet.Cell(r, column).Style.Alignment.Indent = 1;
        }

        var labelCell = sheet.Cell(row, column);
        labelCell.SetValue(label.ToUpperInvariant());
        labelCell.Style.Font.FontSize = 9;
        labelCell.Style.Font.Bold = true;
        labelCell.Style.Font.FontColor = DashboardTheme.Muted;
        var valueCell = sheet.Cell(row + 1, column);
        DashboardTheme.Number(valueCell, value, format);
        valueCell.Style.Font.FontSize = 20;
        valueCell.Style.Font.Bold = true;
        valueCell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        sheet.Row(row + 1).Height = 30;
        var subCell = sheet.Cell(row + 2, column);
        subCell.SetValue(sub);
        subCell.Style.Font.FontSize = 9;
        subCell.Style.Font.FontColor = DashboardTheme.Muted;
    }

    private static string Now(int current) => Text($"{current:N0} in the stage now");

    private static string Share(int part, int whole, string of) => whole == 0 ? string.Empty : Text($"{(double)part / whole:P0} {of}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
