using ClosedXML.Excel;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>Campaign reach and cost as an Excel table with a totals row, best spenders first.</summary>
public static class CampaignSheet
{
    public const string Name = "Campaigns";
    public const string TableName = "Campaigns";
    public const int HeaderRow = 4;

    /// <summary>
    /// Hidden, last: the clicks of the rows that have impressions. A campaign can report clicks without
    /// impressions (its row's CTR is then empty), and counting those clicks in the blended CTR would inflate it.
    /// </summary>
    public const string ClicksInCtr = "Clicks counted in CTR";

    private static readonly string[] Columns = ["Channel", "Campaign", "Impressions", "Clicks", "CTR", "Cost", "Acquired", "Converted", "Cost per acquisition", "Cost per conversion", ClicksInCtr];

    /// <param name="results">Gets what the totals row's formulas evaluate to with no filter applied.</param>
    public static void Add(XLWorkbook workbook, FunnelReport report, FormulaResults results)
    {
        var sheet = workbook.Worksheets.Add(Name);
        var lastColumn = 1 + Columns.Length;
        DashboardTheme.Page(sheet, "Campaign reach and cost", $"As of {report.AsOf:yyyy-MM-dd} · acquired and converted count people whose first touch was the campaign", lastColumn + 1);
        for (var i = 0; i < Columns.Length; i++)
        {
            sheet.Cell(HeaderRow, 2 + i).SetValue(Columns[i]);
        }

        var rows = report.Campaigns
            .Where(c => report.Filter.Channel is not { } channel || c.Channel == channel)
            .OrderByDescending(c => c.Cost).ThenBy(c => c.Channel, StringComparer.Ordinal).ThenBy(c => c.Campaign, StringComparer.Ordinal)
            .ToList();
        var row = HeaderRow + 1;
        foreach (var c in rows)
        {
            sheet.Cell(row, 2).SetValue(c.Channel);
            sheet.Cell(row, 3).SetValue(c.Campaign);
            DashboardTheme.Number(sheet.Cell(row, 4), c.Impressions, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, 5), c.Clicks, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, 6), c.ClickThroughRate, "0.00%");
            DashboardTheme.Number(sheet.Cell(row, 7), c.Cost, DashboardTheme.Money);
            DashboardTheme.Number(sheet.Cell(row, 8), c.Acquired, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, 9), c.Converted, DashboardTheme.Count);
            DashboardTheme.Number(sheet.Cell(row, 10), c.CostPerAcquisition, DashboardTheme.Money);
            DashboardTheme.Number(sheet.Cell(row, 11), c.CostPerConversion, DashboardTheme.Money);
            DashboardTheme.Number(sheet.Cell(row, 12), c.Impressions > 0 ? c.Clicks : 0, DashboardTheme.Count);
            row++;
        }

        if (rows.Count == 0)
        {
            // An Excel table needs a data row.
            sheet.Cell(row, 2).SetValue("(no campaigns yet)");
            row++;
        }

        var table = sheet.Range(HeaderRow, 2, row - 1, lastColumn).CreateTable(TableName);
        table.ShowTotalsRow = true;
        table.Field("Channel").TotalsRowLabel = "Total";
        var totals = table.TotalsRow();

        // ClosedXML's totals-row sum, SUBTOTAL(109,[Cost]), names no table, and LibreOffice answers it with
        // Err:508; naming the table gives the same sum in both. Sums are in row order, as Excel adds the cells.
        var sums = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["Impressions"] = rows.Sum(c => (double)c.Impressions),
            ["Clicks"] = rows.Sum(c => (double)c.Clicks),
            ["Cost"] = rows.Sum(c => (double)c.Cost),
            ["Acquired"] = rows.Sum(c => (double)c.Acquired),
            ["Converted"] = rows.Sum(c => (double)c.Converted),
            [ClicksInCtr] = rows.Sum(c => c.Impressions > 0 ? (double)c.Clicks : 0),
        };
        foreach (var (field, sum) in sums)
        {
            var column = table.Field(field);
            column.TotalsRowFormulaA1 = $"SUBTOTAL(109,{TableName}[{field}])";
            results.Add(Name, TotalsCell(totals, column), sum);
        }

        // A sum of the rows' ratios means nothing: the total CTR and costs per person are ratios of the totals,
        // over the rows left visible by a filter, and empty when the denominator is 0, as on the rows. The costs
        // per person count all spend, also of campaigns that acquired nobody: that spend bought no one, and a
        // blended cost per acquisition that left it out would flatter the channel.
        Ratio(table, totals, results, sums, "CTR", ClicksInCtr, "Impressions", "0.00%");
        Ratio(table, totals, results, sums, "Cost per acquisition", "Cost", "Acquired", DashboardTheme.Money);
        Ratio(table, totals, results, sums, "Cost per conversion", "Cost", "Converted", DashboardTheme.Money);

        DashboardTheme.Table(table);
        DashboardTheme.DataBar(sheet.Range(HeaderRow + 1, 7, row - 1, 7));
        ColumnWidths.Fit(sheet, HeaderRow, 2, lastColumn, min: 10, max: 36);
        sheet.Column(lastColumn).Hide();
        sheet.SheetView.FreezeRows(HeaderRow);
    }

    /// <summary>The formula of a ratio total, in the table's own terms so that a filter changes it as it does the sums.</summary>
    public static string RatioFormula(string numerator, string denominator) =>
        $"IF(SUBTOTAL(109,{TableName}[{denominator}])=0,\"\",SUBTOTAL(109,{TableName}[{numerator}])/SUBTOTAL(109,{TableName}[{denominator}]))";

    private static void Ratio(IXLTable table, IXLRangeRow totals, FormulaResults results, Dictionary<string, double> sums, string field, string numerator, string denominator, string format)
    {
        var column = table.Field(field);
        column.TotalsRowFormulaA1 = RatioFormula(numerator, denominator);
        totals.Cell(column.Index + 1).Style.NumberFormat.Format = format;
        var cell = TotalsCell(totals, column);
        if (sums[denominator] == 0)
        {
            results.Add(Name, cell, string.Empty);
        }
        else
        {
            results.Add(Name, cell, sums[numerator] / sums[denominator]);
        }
    }

    private static string TotalsCell(IXLRangeRow totals, IXLTableField column) => totals.Cell(column.Index + 1).Address.ToStringRelative();
}
