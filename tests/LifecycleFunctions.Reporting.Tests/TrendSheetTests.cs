using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting.Design;

namespace LifecycleFunctions.Reporting.Tests;

public class TrendSheetTests
{
    private static readonly LifecycleStage[] Stages = Enum.GetValues<LifecycleStage>();

    private static IXLTable Table(XLWorkbook workbook) => workbook.Worksheet(TrendSheet.Name).Table(TrendSheet.TableName);

    /// <summary>Each table row is a typed date and each stage's people on that day.</summary>
    private static void AssertDays(IXLTable table, IReadOnlyList<(DateOnly AsOf, IReadOnlyList<FunnelRow> Stages)> days)
    {
        Assert.Equal(["Recompute day", .. Stages.Select(s => s.ToString())], table.HeadersRow().Cells().Select(c => c.GetString()));
        var rows = table.DataRange.Rows().ToList();
        Assert.Equal(days.Count, rows.Count);
        foreach (var ((asOf, stages), row) in days.Zip(rows))
        {
            Assert.Equal(XLDataType.DateTime, row.Cell(1).DataType);
            Assert.Equal(asOf.ToDateTime(TimeOnly.MinValue), row.Cell(1).GetDateTime());
            Assert.Equal(DashboardTheme.Date, row.Cell(1).Style.NumberFormat.Format);
            foreach (var stage in Stages)
            {
                Assert.Equal(stages.Single(s => s.Stage == stage).Current, row.Cell(2 + (int)stage).GetDouble());
                Assert.Equal(DashboardTheme.Count, row.Cell(2 + (int)stage).Style.NumberFormat.Format);
            }
        }
    }

    [Fact]
    public async Task ExportAsync_WithTrends_HasADatedRowPerDayEndingWithTheOverviewsNow()
    {
        var members = SampleReport.Members();
        var asOfDay = SampleReport.Snapshot(members).Stages;
        var report = SampleReport.Build(members, trends:
        [
            (SampleReport.AsOf.AddDays(-7), SampleReport.Stages(members, -1)),
            (SampleReport.AsOf.AddDays(-1), SampleReport.Stages(members, 1)),
            (SampleReport.AsOf, asOfDay),
        ]);
        using var workbook = await ExportedWorkbook.OpenAsync(report);

        AssertDays(Table(workbook), report.Trends);
        var today = Table(workbook).DataRange.Rows().Last();
        var overview = workbook.NamedRange(OverviewSheet.FunnelName).Ranges.Single().Rows().Skip(1).ToList();
        Assert.All(Stages, s => Assert.Equal(overview[(int)s].Cell(2).GetDouble(), today.Cell(2 + (int)s).GetDouble()));
    }

    [Fact]
    public async Task ExportAsync_WithChannelFilter_TrendsStayEveryonesAndSaySo()
    {
        var report = SampleReport.Build(filter: new ReportFilter(Channel: "google"));
        using var workbook = await ExportedWorkbook.OpenAsync(report);

        AssertDays(Table(workbook), report.Trends);
        Assert.Contains("(all channels)", workbook.Worksheet(TrendSheet.Name).Cell(2, 2).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_WithOneTrendDay_HasOneRow()
    {
        var members = SampleReport.Members();
        var report = SampleReport.Build(members, trends: [(SampleReport.AsOf, SampleReport.Stages(members, 0))]);
        using var workbook = await ExportedWorkbook.OpenAsync(report);

        AssertDays(Table(workbook), report.Trends);
        Assert.Equal("B4:I5", Table(workbook).RangeAddress.ToString());
    }

    [Fact]
    public async Task ExportAsync_WithNoTrendRows_ShowsTheAsOfDaysFunnel()
    {
        var report = SampleReport.Build(trends: []);
        using var workbook = await ExportedWorkbook.OpenAsync(report);

        AssertDays(Table(workbook), [(report.AsOf, report.Funnel.Stages)]);
    }
}
