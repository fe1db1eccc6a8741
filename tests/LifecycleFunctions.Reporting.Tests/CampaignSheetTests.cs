using System.Text.RegularExpressions;
using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Reporting.Design;

namespace LifecycleFunctions.Reporting.Tests;

public class CampaignSheetTests
{
    // Paid with conversions; paid without a conversion; organic (no ad reports, so no impressions, clicks or
    // cost); shown but never clicked and nobody acquired.
    private static readonly IReadOnlyList<CampaignRow> Mixed = SampleReport.Campaigns(
        ("google|black-friday", new CampaignTotals { Impressions = 10_000, Clicks = 250, Cost = 500m, Acquired = 3, Converted = 2 }),
        ("facebook|retarget", new CampaignTotals { Impressions = 4_000, Clicks = 40, Cost = 120m, Acquired = 1, Converted = 0 }),
        ("blog|(none)", new CampaignTotals { Acquired = 5, Converted = 2 }),
        ("tiktok|launch", new CampaignTotals { Impressions = 2_000, Clicks = 0, Cost = 80m }));

    private static readonly string[] Headers = ["Channel", "Campaign", "Impressions", "Clicks", "CTR", "Cost", "Acquired", "Converted", "Cost per acquisition", "Cost per conversion", CampaignSheet.ClicksInCtr];

    /// <summary>
    /// What a totals cell shows once Excel calculates it, over the rows a filter leaves visible. ClosedXML evaluates
    /// neither structured references nor SUBTOTAL 109 (the sum of the rows a filter leaves), so each
    /// SUBTOTAL(109,Campaigns[Column]) becomes SUBTOTAL 9 of that column's visible data cells (0 if none), and any
    /// other Campaigns[Column] all of that column's data cells, hidden or not, as Excel reads it.
    /// </summary>
    private static object Total(IXLTable table, string column)
    {
        var cell = table.TotalsRow().Cell(table.Field(column).Index + 1);
        Assert.True(cell.HasFormula, $"{column} total is a formula");
        const string reference = $@"(?:{CampaignSheet.TableName})?\[([^\]]+)\]";
        var data = (Match m) => table.DataRange.Column(table.Field(m.Groups[1].Value).Index + 1);
        var formula = Regex.Replace(cell.FormulaA1, $@"SUBTOTAL\(109,{reference}\)", m =>
        {
            var visible = data(m).Cells().Where(c => !c.WorksheetRow().IsHidden).Select(c => c.Address.ToStringRelative()).ToList();
            return visible.Count == 0 ? "0" : $"SUBTOTAL(9,{string.Join(",", visible)})";
        });
        formula = Regex.Replace(formula, reference, m => data(m).RangeAddress.ToStringRelative());
        return table.Worksheet.Evaluate(formula);
    }

    [Fact]
    public async Task ExportAsync_WithCampaigns_RowsEqualTheCampaignsMostCostFirst()
    {
        var report = SampleReport.Build(campaigns: Mixed);
        using var workbook = await ExportedWorkbook.OpenAsync(report);
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        Assert.Equal(Headers, table.HeadersRow().Cells().Select(c => c.GetString()));
        Assert.Equal([.. Enumerable.Repeat(false, Headers.Length - 1), true], table.HeadersRow().Cells().Select(c => c.WorksheetColumn().IsHidden));
        var expected = Mixed.OrderByDescending(c => c.Cost).ThenBy(c => c.Channel, StringComparer.Ordinal).ThenBy(c => c.Campaign, StringComparer.Ordinal).ToList();
        var rows = table.DataRange.Rows().ToList();
        Assert.Equal(expected.Select(c => (c.Channel, c.Campaign)), rows.Select(r => (r.Cell(1).GetString(), r.Cell(2).GetString())));
        foreach (var (campaign, row) in expected.Zip(rows))
        {
            Assert.Equal(campaign.Impressions, row.Cell(3).GetDouble());
            Assert.Equal(campaign.Clicks, row.Cell(4).GetDouble());
            Assert.Equal(campaign.Impressions == 0 ? null : (double)campaign.Clicks / campaign.Impressions, ExportedWorkbook.NumberOrEmpty(row.Cell(5)));
            Assert.Equal((double)campaign.Cost, row.Cell(6).GetDouble());
            Assert.Equal(campaign.Acquired, row.Cell(7).GetDouble());
            Assert.Equal(campaign.Converted, row.Cell(8).GetDouble());
            Assert.Equal(campaign.Acquired == 0 ? null : Math.Round((double)campaign.Cost / campaign.Acquired, 2), ExportedWorkbook.NumberOrEmpty(row.Cell(9)));
            Assert.Equal(campaign.Converted == 0 ? null : Math.Round((double)campaign.Cost / campaign.Converted, 2), ExportedWorkbook.NumberOrEmpty(row.Cell(10)));
        }

        var first = rows[0];
        Assert.Equal(
            [DashboardTheme.Count, DashboardTheme.Count, "0.00%", DashboardTheme.Money, DashboardTheme.Count, DashboardTheme.Count, DashboardTheme.Money, DashboardTheme.Money],
            Enumerable.Range(3, 8).Select(i => first.Cell(i).Style.NumberFormat.Format));
    }

    [Fact]
    public async Task ExportAsync_WithCampaigns_TotalsRowSumsCountsAndDividesTheTotals()
    {
        var report = SampleReport.Build(campaigns: Mixed);
        using var workbook = await ExportedWorkbook.OpenAsync(report);
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        Assert.True(table.ShowTotalsRow);
        Assert.Equal("Total", table.TotalsRow().Cell(1).GetString());
        Assert.Equal((double)Mixed.Sum(c => c.Impressions), Total(table, "Impressions"));
        Assert.Equal((double)Mixed.Sum(c => c.Clicks), Total(table, "Clicks"));
        Assert.Equal((double)Mixed.Sum(c => c.Cost), Total(table, "Cost"));
        Assert.Equal((double)Mixed.Sum(c => c.Acquired), Total(table, "Acquired"));
        Assert.Equal((double)Mixed.Sum(c => c.Converted), Total(table, "Converted"));

        // The blended figures: total clicks over total impressions, total cost over everyone acquired or converted.
        Assert.Equal((double)Mixed.Sum(c => c.Clicks) / Mixed.Sum(c => c.Impressions), (double)Total(table, "CTR"), 12);
        Assert.Equal((double)(Mixed.Sum(c => c.Cost) / Mixed.Sum(c => c.Acquired)), (double)Total(table, "Cost per acquisition"), 12);
        Assert.Equal((double)(Mixed.Sum(c => c.Cost) / Mixed.Sum(c => c.Converted)), (double)Total(table, "Cost per conversion"), 12);
        Assert.Equal("0.00%", table.TotalsRow().Cell(table.Field("CTR").Index + 1).Style.NumberFormat.Format);
        Assert.Equal(DashboardTheme.Money, table.TotalsRow().Cell(table.Field("Cost per conversion").Index + 1).Style.NumberFormat.Format);
    }

    [Fact]
    public async Task ExportAsync_WithCampaigns_TotalsCarryTheirResultsForReadersThatDoNotRecalculate()
    {
        var report = SampleReport.Build(campaigns: Mixed);
        var stored = await ExportedWorkbook.StoredFormulaResultsAsync(report, CampaignSheet.Name);
        using var workbook = await ExportedWorkbook.OpenAsync(report);
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        var totalsRow = table.TotalsRow().RowNumber();
        Assert.All(stored.Keys, cell => Assert.EndsWith(totalsRow.ToString(System.Globalization.CultureInfo.InvariantCulture), cell));
        foreach (var column in Headers.Skip(2))
        {
            var cell = table.TotalsRow().Cell(table.Field(column).Index + 1).Address.ToStringRelative();
            var value = stored[cell];
            Assert.NotNull(value);
            Assert.StartsWith("n:", value);
            Assert.Equal((double)Total(table, column), double.Parse(value[2..], System.Globalization.CultureInfo.InvariantCulture), 12);
        }

        Assert.Equal(Headers.Length - 2, stored.Count);
    }

    [Fact]
    public async Task ExportAsync_WithNoImpressionsOrConversions_StoredRatioTotalsAreEmptyText()
    {
        var organic = SampleReport.Campaigns(("blog|(none)", new CampaignTotals { Acquired = 4 }), ("newsletter|weekly", new CampaignTotals()));
        var report = SampleReport.Build(campaigns: organic);
        var stored = await ExportedWorkbook.StoredFormulaResultsAsync(report, CampaignSheet.Name);
        using var workbook = await ExportedWorkbook.OpenAsync(report);
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);
        string Stored(string column) => stored[table.TotalsRow().Cell(table.Field(column).Index + 1).Address.ToStringRelative()]!;

        Assert.Equal("str:", Stored("CTR"));
        Assert.Equal("n:0", Stored("Cost per acquisition"));
        Assert.Equal("str:", Stored("Cost per conversion"));
        Assert.Equal("n:4", Stored("Acquired"));
    }

    [Fact]
    public async Task ExportAsync_WithCampaigns_TotalsFormulasNameTheTable()
    {
        // LibreOffice answers a column reference without its table, SUBTOTAL(109,[Cost]), with Err:508.
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build(campaigns: Mixed));
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        var formulas = table.TotalsRow().Cells().Where(c => c.HasFormula).Select(c => c.FormulaA1).ToList();
        Assert.Equal(Headers.Length - 2, formulas.Count);
        Assert.All(formulas, f => Assert.DoesNotMatch($@"(?<!{CampaignSheet.TableName})\[", f));
        Assert.Contains($"SUBTOTAL(109,{CampaignSheet.TableName}[Cost])", formulas);
    }

    [Fact]
    public async Task ExportAsync_WithClicksOfACampaignWithoutImpressions_TotalCtrLeavesThoseClicksOut()
    {
        // Clicks reported for an email campaign that reports no impressions: its own CTR is empty, and so must its share of the total be.
        var campaigns = SampleReport.Campaigns(
            ("google|black-friday", new CampaignTotals { Impressions = 10_000, Clicks = 100, Cost = 500m }),
            ("email|promo", new CampaignTotals { Clicks = 500, Cost = 50m }));
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build(campaigns: campaigns));
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        Assert.Equal(600d, Total(table, "Clicks"));
        Assert.Equal(0.01, (double)Total(table, "CTR"), 12);
        Assert.Equal([100d, 0d], table.DataRange.Rows().Select(r => r.Cell(table.Field(CampaignSheet.ClicksInCtr).Index + 1).GetDouble()));
    }

    [Fact]
    public async Task ExportAsync_WithRowsHiddenByAFilter_TotalsAreOfTheVisibleRowsOnly()
    {
        // a is shown and clicked, b is clicked but reports no impressions and acquired nobody, c is filtered out.
        var campaigns = SampleReport.Campaigns(
            ("a|shown", new CampaignTotals { Impressions = 1_000, Clicks = 10, Cost = 30m, Acquired = 1, Converted = 1 }),
            ("b|unshown", new CampaignTotals { Clicks = 50, Cost = 20m }),
            ("c|filtered", new CampaignTotals { Impressions = 1_000, Clicks = 90, Cost = 10m, Acquired = 4, Converted = 4 }));
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build(campaigns: campaigns));
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);
        Assert.Equal(0.05, (double)Total(table, "CTR"), 12);

        table.AutoFilter.Column(1).NotEqualTo("c");

        Assert.Equal(["a", "b"], table.DataRange.Rows().Where(r => !r.WorksheetRow().IsHidden).Select(r => r.Cell(1).GetString()));
        Assert.Equal(1_000d, Total(table, "Impressions"));
        Assert.Equal(60d, Total(table, "Clicks"));
        Assert.Equal(10d, Total(table, CampaignSheet.ClicksInCtr));
        // 10 of a's clicks over a's 1,000 impressions: not b's 50 clicks (6%), nor c's hidden 90 (10%).
        Assert.Equal(0.01, (double)Total(table, "CTR"), 12);
        // All visible spend, b's too, over the one person acquired.
        Assert.Equal(50d, (double)Total(table, "Cost per acquisition"), 12);
        Assert.Equal(50d, (double)Total(table, "Cost per conversion"), 12);
    }

    [Fact]
    public async Task ExportAsync_WithNoImpressionsOrConversions_TotalRatiosAreEmpty()
    {
        var organic = SampleReport.Campaigns(("blog|(none)", new CampaignTotals { Acquired = 4 }), ("newsletter|weekly", new CampaignTotals()));
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build(campaigns: organic));
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        Assert.Equal(string.Empty, Total(table, "CTR"));
        Assert.Equal(0d, Total(table, "Cost per acquisition"));
        Assert.Equal(string.Empty, Total(table, "Cost per conversion"));
        Assert.All(table.DataRange.Rows(), r => Assert.True(r.Cell(5).IsEmpty() && r.Cell(10).IsEmpty()));
    }

    [Fact]
    public async Task ExportAsync_WithNoCampaigns_SaysSoInAValidTable()
    {
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build(campaigns: []));
        var table = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName);

        Assert.Equal("(no campaigns yet)", table.DataRange.Rows().Single().Cell(1).GetString());
        Assert.Equal(0d, Total(table, "Cost"));
        Assert.Equal(string.Empty, Total(table, "Cost per acquisition"));
    }
}
