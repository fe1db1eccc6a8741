using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting.Design;
using LifecycleFunctions.Tests.Shared;

namespace LifecycleFunctions.Reporting.Tests;

public class FunnelWorkbookExporterTests
{
    private static async Task<MemoryStream> ExportAsync(FunnelReport report, FunnelWorkbookOptions? options = null)
    {
        var output = new MemoryStream();
        await new FunnelWorkbookExporter(options).ExportAsync(report, output, null, CancellationToken.None);
        output.Position = 0;
        return output;
    }

    private static List<string[]> MemberRows(IXLWorksheet sheet) =>
        sheet.Tables.Single().DataRange.Rows()
            .Select(r => r.Cells().Select(c => c.GetString()).ToArray())
            .Where(cells => cells.Any(c => c.Length > 0))
            .ToList();

    [Fact]
    public async Task ExportAsync_WithFullReport_IsValidAndHasEverySheetInOrder()
    {
        using var stream = await ExportAsync(SampleReport.Build());
        using var workbook = WorkbookAssert.Open(stream);

        Assert.Equal(
            ["Overview", "By channel", "By acquisition cohort", "Cohorts", "Campaigns", "Trends", "Reach", "Acquisition", "Conversion", "Retention", "Loyalty", "Advocacy", "Lapsed"],
            workbook.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_EveryTableHeaderIsStyledCellByCell()
    {
        // LibreOffice draws no table style: without cell styles its table headers were plain text.
        using var stream = await ExportAsync(SampleReport.Build());
        using var workbook = WorkbookAssert.Open(stream);

        var tables = workbook.Worksheets.SelectMany(w => w.Tables).ToList();
        Assert.Equal(["Campaigns", "Trends", .. Enum.GetValues<LifecycleStage>().Select(s => s.ToString())], tables.Select(t => t.Worksheet.Name));
        Assert.All(tables.SelectMany(t => t.HeadersRow().Cells()), cell =>
        {
            Assert.True(cell.Style.Font.Bold, $"{cell.Worksheet.Name}!{cell.Address} bold");
            Assert.Equal(XLColor.White, cell.Style.Font.FontColor);
            Assert.Equal(DashboardTheme.Band, cell.Style.Fill.BackgroundColor);
        });
        var totals = workbook.Worksheet(CampaignSheet.Name).Table(CampaignSheet.TableName).TotalsRow();
        Assert.All(totals.Cells(), cell => Assert.True(cell.Style.Font.Bold && cell.Style.Border.TopBorder == XLBorderStyleValues.Thin, $"{cell.Address} bold with a rule above"));
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_EverySheetPrintsOnePageWideAndRepeatsItsTableHeader()
    {
        using var stream = await ExportAsync(SampleReport.Build());
        using var workbook = WorkbookAssert.Open(stream);

        Assert.All(workbook.Worksheets, sheet =>
        {
            Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
            // The Overview is one page; the others as many pages tall as their rows take.
            Assert.Equal((1, sheet.Name == OverviewSheet.Name ? 1 : 0), (sheet.PageSetup.PagesWide, sheet.PageSetup.PagesTall));
            if (sheet.Tables.SingleOrDefault() is { } table)
            {
                var header = table.HeadersRow().RowNumber();
                Assert.Equal((header, header), (sheet.PageSetup.FirstRowToRepeatAtTop, sheet.PageSetup.LastRowToRepeatAtTop));
            }
        });
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_RowsToRepeatAreAbsoluteAsLibreOfficeNeeds()
    {
        using var stream = await ExportAsync(SampleReport.Build());
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);

        var titles = document.WorkbookPart!.Workbook.DefinedNames!.Elements<DocumentFormat.OpenXml.Spreadsheet.DefinedName>()
            .Where(n => n.Name == "_xlnm.Print_Titles").Select(n => n.Text).ToList();
        Assert.Equal(2 + Enum.GetValues<LifecycleStage>().Length, titles.Count);
        Assert.All(titles, t => Assert.Matches(@"^[^!]+!\$4:\$4$", t));
        Assert.Contains("Reach!$4:$4", titles);
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_OverviewFunnelEqualsSnapshot()
    {
        var report = SampleReport.Build();
        using var stream = await ExportAsync(report);
        using var workbook = WorkbookAssert.Open(stream);

        var funnel = workbook.NamedRange(OverviewSheet.FunnelName).Ranges.Single();
        var rows = funnel.Rows().Skip(1).ToList();
        Assert.Equal(report.Funnel.Stages.Select(s => s.Stage.ToString()), rows.Select(r => r.Cell(1).GetString()));
        Assert.Equal(report.Funnel.Stages.Select(s => (double)s.Current), rows.Select(r => r.Cell(2).GetDouble()));
        Assert.Equal(report.Funnel.Stages.Select(s => (double)s.EverReached), rows.Select(r => r.Cell(3).GetDouble()));
        Assert.All(report.Funnel.Stages.Zip(rows), pair => Assert.Equal(pair.First.ConversionFromReach ?? 0, pair.Second.Cell(4).IsEmpty() ? 0 : pair.Second.Cell(4).GetDouble(), 12));
        Assert.Equal("Win-back (re-engagement) campaign", rows[^1].Cell(7).GetString());
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_KpiTilesShowTotals()
    {
        var report = SampleReport.Build();
        using var stream = await ExportAsync(report);
        using var workbook = WorkbookAssert.Open(stream);
        var overview = workbook.Worksheet(OverviewSheet.Name);

        Assert.Equal("REVENUE", overview.Cell(8, 6).GetString());
        Assert.Equal((double)report.Funnel.Totals.Revenue, overview.Cell(9, 6).GetDouble());
        Assert.Equal("REPEAT-PURCHASE RATE", overview.Cell(8, 8).GetString());
        Assert.Equal(report.Funnel.Totals.RepeatPurchaseRate!.Value, overview.Cell(9, 8).GetDouble(), 10);
        Assert.Equal("LAPSED NOW", overview.Cell(8, 4).GetString());
        Assert.Equal(2, overview.Cell(9, 4).GetDouble());
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_OverviewSaysWhereCustomersAreLostAndWhoToTalkTo()
    {
        var report = SampleReport.Build();
        using var stream = await ExportAsync(report);
        using var workbook = WorkbookAssert.Open(stream);
        var texts = workbook.Worksheet(OverviewSheet.Name).CellsUsed().Select(c => c.GetString()).ToList();

        var weakest = Domain.Analytics.FunnelStep.Weakest(report.Stages)!;
        Assert.Contains(texts, t => t.StartsWith($"Where customers are lost: {weakest.From} → {weakest.To}.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Who to talk to now: 2 lapsed (win-back), 1 first-time buyers (onboarding)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportAsync_WithMembers_EachStageSheetListsExactlyItsMembers()
    {
        var members = SampleReport.Members();
        using var stream = await ExportAsync(SampleReport.Build(members));
        using var workbook = WorkbookAssert.Open(stream);

        foreach (var stage in Enum.GetValues<LifecycleStage>())
        {
            var expected = members.Where(m => m.Stage == stage).Select(m => m.PersonKey).Order(StringComparer.Ordinal);
            Assert.Equal(expected, MemberRows(workbook.Worksheet(stage.ToString())).Select(r => r[0]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task ExportAsync_WithMembers_WritesTypedDatesNumbersAndTheNextAction()
    {
        using var stream = await ExportAsync(SampleReport.Build());
        using var workbook = WorkbookAssert.Open(stream);
        var sheet = workbook.Worksheet("Loyalty");
        var row = sheet.Tables.Single().DataRange.FirstRow();

        Assert.Equal("u:fan-1", row.Cell(1).GetString());
        Assert.Equal(SampleReport.AsOf.AddDays(-10).ToDateTime(TimeOnly.MinValue), row.Cell(3).GetDateTime());
        Assert.Equal(DashboardTheme.Date, row.Cell(3).Style.NumberFormat.Format);
        Assert.Equal(10, row.Cell(4).GetDouble());
        Assert.Equal("google", row.Cell(5).GetString());
        Assert.Equal(6, row.Cell(6).GetDouble());
        Assert.Equal(410.25, row.Cell(7).GetDouble());
        Assert.Equal(DashboardTheme.Money, row.Cell(7).Style.NumberFormat.Format);
        Assert.Equal(SampleReport.AsOf.AddDays(-3).ToDateTime(TimeOnly.MinValue), row.Cell(8).GetDateTime());
        Assert.Equal("Loyalty programme", row.Cell(9).GetString());

        // The text columns that follow a right-aligned number or date stand off from it.
        Assert.Equal((1, 1), (row.Cell(5).Style.Alignment.Indent, row.Cell(9).Style.Alignment.Indent));
    }

    [Fact]
    public async Task ExportAsync_WithMemberSheet_HasFilterButtonsFrozenHeaderAndTableOverEveryRow()
    {
        using var stream = await ExportAsync(SampleReport.Build());
        using var workbook = WorkbookAssert.Open(stream);
        var sheet = workbook.Worksheet("Lapsed");
        var table = sheet.Tables.Single();

        Assert.Equal("Members_Lapsed", table.Name);
        Assert.True(table.ShowAutoFilter);
        Assert.Equal("B4:J6", table.RangeAddress.ToString());
        Assert.Equal(4, sheet.SheetView.SplitRow);
        Assert.Equal("Person", sheet.Cell(4, 2).GetString());
    }

    [Fact]
    public async Task ExportAsync_WithEmptyStage_KeepsAValidTableWithOneEmptyRow()
    {
        var members = SampleReport.Members().Where(m => m.Stage != LifecycleStage.Advocacy).ToList();
        using var stream = await ExportAsync(SampleReport.Build(members));
        using var workbook = WorkbookAssert.Open(stream);
        var sheet = workbook.Worksheet("Advocacy");

        Assert.Equal("B4:J5", sheet.Tables.Single().RangeAddress.ToString());
        Assert.Empty(MemberRows(sheet));
        Assert.StartsWith("Advocacy: 0 people", sheet.Cell(1, 2).GetString());
    }

    [Fact]
    public async Task ExportAsync_WithMoreMembersThanASheetHolds_SplitsIntoNumberedParts()
    {
        var members = Enumerable.Range(0, 25).Select(i => SampleReport.Member($"u:{i:000}", LifecycleStage.Lapsed, orders: 1, revenue: i)).ToList();
        using var stream = await ExportAsync(SampleReport.Build(members), new FunnelWorkbookOptions { MaxRowsPerSheet = 14 });
        using var workbook = WorkbookAssert.Open(stream);

        // 14 rows a sheet less the 4 title and header rows: 10 members a sheet.
        List<string> names = ["Lapsed (1)", "Lapsed (2)", "Lapsed (3)"];
        var parts = names.Select(workbook.Worksheet).ToList();
        Assert.Equal([10, 10, 5], parts.Select(p => MemberRows(p).Count));
        Assert.Equal(members.Select(m => m.PersonKey), parts.SelectMany(p => MemberRows(p).Select(r => r[0])));
        Assert.Equal(["Members_Lapsed_1", "Members_Lapsed_2", "Members_Lapsed_3"], parts.Select(p => p.Tables.Single().Name));
        Assert.Contains("Part 2 of 3", parts[1].Cell(3, 2).GetString(), StringComparison.Ordinal);
        Assert.All(parts, p => Assert.True(p.LastRowUsed().RowNumber() <= 14));
    }

    [Fact]
    public async Task ExportAsync_WithLargeStage_WritesEveryRow()
    {
        const int count = 60_000;
        var members = Enumerable.Range(0, count).Select(i => SampleReport.Member($"u:{i:000000}", LifecycleStage.Reach)).ToList();
        var output = new MemoryStream();

        var result = await new FunnelWorkbookExporter().ExportAsync(SampleReport.Build(members, new ReportFilter(LifecycleStage.Reach)), output, null, CancellationToken.None);

        Assert.Equal(count, result.MemberRows["Reach"]);
        Assert.Equal(0, result.Dropped);
        using var workbook = WorkbookAssert.Open(output);
        var sheet = workbook.Worksheet("Reach");
        Assert.Equal($"B4:J{4 + count}", sheet.Tables.Single().RangeAddress.ToString());
        Assert.Equal("u:059999", sheet.Cell(4 + count, 2).GetString());
    }

    [Fact]
    public async Task ExportAsync_WithStageFilter_HasOverviewAndThatStageOnly()
    {
        using var stream = await ExportAsync(SampleReport.Build(filter: new ReportFilter(LifecycleStage.Retention)));
        using var workbook = WorkbookAssert.Open(stream);

        Assert.Equal(["Overview", "Retention"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(["u:buyer-2"], MemberRows(workbook.Worksheet("Retention")).Select(r => r[0]));
    }

    [Fact]
    public async Task ExportAsync_WithChannelFilter_ListsOnlyThatChannelsPeople()
    {
        var report = SampleReport.Build(filter: new ReportFilter(Channel: "google"));
        using var stream = await ExportAsync(report);
        using var workbook = WorkbookAssert.Open(stream);

        Assert.Equal(["u:gone-1"], MemberRows(workbook.Worksheet("Lapsed")).Select(r => r[0]));
        Assert.Equal(["a:visitor-2"], MemberRows(workbook.Worksheet("Reach")).Select(r => r[0]));
        var funnel = workbook.NamedRange(OverviewSheet.FunnelName).Ranges.Single().Rows().Skip(1).ToList();
        Assert.Equal([1, 0, 1, 0, 1, 0, 1], funnel.Select(r => (int)r.Cell(2).GetDouble()));
        Assert.Equal(["google"], workbook.Worksheet("Campaigns").Tables.Single().DataRange.Rows().Select(r => r.Cell(1).GetString()));
        Assert.Contains("First-touch channel: google", workbook.Worksheet("Overview").Cell(2, 2).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_ForAnOlderDay_HasNoMemberSheetsAndSaysWhy()
    {
        var report = SampleReport.Build(membersAsOf: SampleReport.AsOf.AddDays(7));
        using var stream = await ExportAsync(report);
        using var workbook = WorkbookAssert.Open(stream);

        Assert.DoesNotContain(workbook.Worksheets, w => Enum.GetNames<LifecycleStage>().Contains(w.Name));
        Assert.Contains(workbook.Worksheet("Overview").CellsUsed(), c => c.GetString().StartsWith("Member lists are kept for the latest recompute only (2026-11-30)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportAsync_WithCohorts_CellsEqualTheCohortTableAndMarkIncompletePeriods()
    {
        var report = SampleReport.Build();
        using var stream = await ExportAsync(report);
        using var workbook = WorkbookAssert.Open(stream);

        var on = workbook.NamedRange("Cohorts_On").Ranges.Single();
        var share = workbook.NamedRange("Cohorts_OnShare").Ranges.Single();
        var onOrAfter = workbook.NamedRange("Cohorts_OnOrAfter").Ranges.Single();
        foreach (var (cohort, i) in report.Cohorts.Rows.Select((c, i) => (c, i)))
        {
            var row = on.Row(2 + i);
            Assert.Equal(cohort.Cohort, row.Cell(1).GetString());
            Assert.Equal(cohort.Size, row.Cell(2).GetDouble());
            foreach (var cell in cohort.Cells)
            {
                Assert.Equal(cell.On, row.Cell(3 + cell.Offset).GetDouble());
                Assert.Equal(cell.OnShare(cohort.Size), share.Row(2 + i).Cell(3 + cell.Offset).GetDouble(), 10);
                Assert.Equal(cell.OnOrAfter, onOrAfter.Row(2 + i).Cell(3 + cell.Offset).GetDouble());
                Assert.Equal(cell.Incomplete, row.Cell(3 + cell.Offset).Style.Font.Italic);
            }
        }
    }

    [Fact]
    public async Task ExportAsync_WithFullReport_HasPropertiesAndDefinedNames()
    {
        using var stream = await ExportAsync(SampleReport.Build());
        using var workbook = WorkbookAssert.Open(stream);

        Assert.Equal("Customer lifecycle funnel as of 2026-11-23", workbook.Properties.Title);
        Assert.Equal("LifecycleFunctions", workbook.Properties.Author);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 0, 0), workbook.Properties.Created);
        List<string> names = ["KPIs", "Funnel", "ByChannel", "ByAcquisitionCohort", "Cohorts_On", "Cohorts_OnShare", "Cohorts_OnOrAfter", "Cohorts_OnOrAfterShare", "Cohorts_Revenue", "Cohorts_CumulativeRevenuePerCustomer"];
        foreach (var name in names)
        {
            Assert.True(workbook.NamedRanges.Contains(name), name);
        }

        Assert.Equal(["Campaigns"], workbook.Worksheet("Campaigns").Tables.Select(t => t.Name));
        Assert.Equal(["Trends"], workbook.Worksheet("Trends").Tables.Select(t => t.Name));
    }

    [Fact]
    public async Task ExportAsync_WithControlCharactersInKeys_DropsThemAndStaysValid()
    {
        var members = new List<StageMember> { SampleReport.Member("a:bad\u0001key\uD800", LifecycleStage.Reach, "dir\u0007ect") };
        using var stream = await ExportAsync(SampleReport.Build(members));
        using var workbook = WorkbookAssert.Open(stream);

        Assert.Equal("a:badkey", MemberRows(workbook.Worksheet("Reach")).Single()[0]);
    }

    [Fact]
    public void FileName_WithStageReport_IsDatedAndNamesTheStage()
    {
        Assert.Equal("funnel-2026-11-23.xlsx", FunnelWorkbookExporter.FileName(SampleReport.Build()));
        Assert.Equal("funnel-lapsed-2026-11-23.xlsx", FunnelWorkbookExporter.FileName(SampleReport.Build(filter: new ReportFilter(LifecycleStage.Lapsed))));
    }

    [Theory]
    [InlineData(null, "google-ads", CohortGranularity.Month, "funnel-google-ads-2026-11-23.xlsx")]
    [InlineData(LifecycleStage.Lapsed, "referral/news.example.com", CohortGranularity.Month, "funnel-lapsed-referral-news-example-com-043031-2026-11-23.xlsx")]
    [InlineData(null, null, CohortGranularity.Week, "funnel-weekly-2026-11-23.xlsx")]
    [InlineData(null, "***", CohortGranularity.Month, "funnel-596f41-2026-11-23.xlsx")]
    [InlineData(null, "retention", CohortGranularity.Month, "funnel-retention-8e2201-2026-11-23.xlsx")]
    [InlineData(null, "Google Ads", CohortGranularity.Week, "funnel-google-ads-746b54-weekly-2026-11-23.xlsx")]
    [InlineData(LifecycleStage.Advocacy, null, CohortGranularity.Week, "funnel-advocacy-2026-11-23.xlsx")]
    public void FileName_WithChannelOrWeeklyFilter_NamesItSoTheFullWorkbookIsNotOverwritten(LifecycleStage? stage, string? channel, CohortGranularity granularity, string expected)
    {
        Assert.Equal(expected, FunnelWorkbookExporter.FileName(SampleReport.Build(filter: new ReportFilter(stage, channel, granularity))));
    }
}
