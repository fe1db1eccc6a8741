using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting.Design;

namespace LifecycleFunctions.Reporting.Tests;

public class SliceMatrixSheetTests
{
    private static readonly LifecycleStage[] Stages = Enum.GetValues<LifecycleStage>();

    // Within the defined name: the slice label, the counts, a spacer column, then the shares.
    private const int FirstCount = 2;
    private static readonly int FirstShare = FirstCount + Stages.Length + 1;

    /// <summary>The sample members plus two who entered the funnel a month earlier, so there are two acquisition cohorts.</summary>
    private static List<StageMember> TwoCohorts() =>
    [
        .. SampleReport.Members(),
        new StageMember("u:early-1", LifecycleStage.Retention, new DateOnly(2026, 10, 5), "google", 2, 60m, new DateOnly(2026, 11, 1), null),
        new StageMember("a:early-2", LifecycleStage.Reach, new DateOnly(2026, 10, 20), "newsletter", 0, 0m, null, null),
    ];

    private static List<IXLRangeRow> Rows(XLWorkbook workbook, string definedName) =>
        workbook.NamedRange(definedName).Ranges.Single().Rows().ToList();

    /// <summary>Each slice's row holds its people who ever reached each stage, and those over the slice's reached people.</summary>
    private static void AssertSlices(IReadOnlyList<IXLRangeRow> rows, IReadOnlyList<FunnelSliceRow> slices)
    {
        var expected = slices.GroupBy(s => s.Slice, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(g => g.Key), rows.Take(expected.Count).Select(r => r.Cell(1).GetString()));
        foreach (var (slice, row) in expected.Zip(rows))
        {
            var reached = slice.Single(s => s.Stage == LifecycleStage.Reach).EverReached;
            foreach (var stage in Stages)
            {
                var ever = slice.Single(s => s.Stage == stage).EverReached;
                Assert.Equal(ever, row.Cell(FirstCount + (int)stage).GetDouble());
                ExportedWorkbook.AssertNumber(reached == 0 ? null : (double)ever / reached, row.Cell(FirstShare + (int)stage));
            }
        }
    }

    [Fact]
    public async Task ExportAsync_WithChannels_ByChannelRowsEqualTheSlicesAndTheTotalEqualsTheOverview()
    {
        var report = SampleReport.Build(TwoCohorts());
        using var workbook = await ExportedWorkbook.OpenAsync(report);
        var rows = Rows(workbook, SliceMatrixSheet.ChannelName);

        Assert.Equal(["First-touch channel", .. Stages.Select(s => s.ToString()), string.Empty, .. Stages.Select(s => s.ToString())], rows[0].Cells().Select(c => c.GetString()));
        var body = rows.Skip(1).ToList();
        AssertSlices(body, report.Funnel.ByChannel);

        // Everyone has one first-touch channel, so the channels add up to the Overview's funnel.
        var total = body[^1];
        Assert.Equal(SliceMatrixSheet.AllChannels, total.Cell(1).GetString());
        Assert.Equal(report.Funnel.ByChannel.Select(s => s.Slice).Distinct().Count() + 1, body.Count);
        var overview = workbook.NamedRange(OverviewSheet.FunnelName).Ranges.Single().Rows().Skip(1).ToList();
        foreach (var stage in Stages)
        {
            var sum = report.Funnel.ByChannel.Where(s => s.Stage == stage).Sum(s => s.EverReached);
            Assert.Equal(sum, total.Cell(FirstCount + (int)stage).GetDouble());
            Assert.Equal(overview[(int)stage].Cell(3).GetDouble(), total.Cell(FirstCount + (int)stage).GetDouble());
            Assert.Equal(overview[(int)stage].Cell(4).GetDouble(), total.Cell(FirstShare + (int)stage).GetDouble(), 12);
        }

        Assert.Equal(DashboardTheme.Count, body[0].Cell(FirstCount).Style.NumberFormat.Format);
        Assert.Equal(DashboardTheme.Percent, body[0].Cell(FirstShare + 1).Style.NumberFormat.Format);
        Assert.True(total.Cell(FirstCount).Style.Font.Bold);
    }

    [Fact]
    public async Task ExportAsync_WithTwoCohorts_ByCohortRowsEqualTheSlicesAndAddUpToEveryone()
    {
        var report = SampleReport.Build(TwoCohorts());
        using var workbook = await ExportedWorkbook.OpenAsync(report);
        var body = Rows(workbook, SliceMatrixSheet.CohortName).Skip(1).ToList();

        Assert.Equal(["2026-10", "2026-11", SliceMatrixSheet.AllMonths], body.Select(r => r.Cell(1).GetString()));
        AssertSlices(body, report.Funnel.ByCohort);
        foreach (var stage in Stages)
        {
            Assert.Equal(report.Funnel.ByCohort.Where(s => s.Stage == stage).Sum(s => s.EverReached), body[^1].Cell(FirstCount + (int)stage).GetDouble());
        }
    }

    [Fact]
    public async Task ExportAsync_WithChannelFilter_ShowsThatChannelOnlyAndSaysCohortsAreEveryones()
    {
        var report = SampleReport.Build(TwoCohorts(), new ReportFilter(Channel: "google"));
        using var workbook = await ExportedWorkbook.OpenAsync(report);

        var channels = Rows(workbook, SliceMatrixSheet.ChannelName).Skip(1).ToList();
        AssertSlices(channels, report.Funnel.ByChannel.Where(s => s.Slice == "google").ToList());
        Assert.Single(channels);
        Assert.Contains("first-touch channel google", workbook.Worksheet(SliceMatrixSheet.ChannelSheet).Cell(2, 2).GetString(), StringComparison.Ordinal);

        var cohorts = Rows(workbook, SliceMatrixSheet.CohortName).Skip(1).ToList();
        AssertSlices(cohorts, report.Funnel.ByCohort);
        Assert.Equal(SliceMatrixSheet.AllMonths, cohorts[^1].Cell(1).GetString());
        Assert.Contains("all channels", workbook.Worksheet(SliceMatrixSheet.CohortSheet).Cell(2, 2).GetString(), StringComparison.Ordinal);
        Assert.Contains("all channels", workbook.Worksheet(CohortSheet.Name).Cell(2, 2).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_WithChannelNobodyCameFrom_SaysSoWithoutATotal()
    {
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build(filter: new ReportFilter(Channel: "tiktok")));

        var body = Rows(workbook, SliceMatrixSheet.ChannelName).Skip(1).ToList();
        Assert.Equal(["No one first touched by tiktok."], body.Select(r => r.Cell(1).GetString()));
        Assert.All(body[0].Cells().Skip(1), c => Assert.True(c.IsEmpty()));
    }

    [Fact]
    public async Task ExportAsync_WithNoOneClassified_SaysSoOnBothSheets()
    {
        using var workbook = await ExportedWorkbook.OpenAsync(SampleReport.Build([]));

        foreach (var name in new[] { SliceMatrixSheet.ChannelName, SliceMatrixSheet.CohortName })
        {
            Assert.Equal(["No one classified yet."], Rows(workbook, name).Skip(1).Select(r => r.Cell(1).GetString()));
        }
    }

    [Fact]
    public async Task ExportAsync_WithSliceWithoutReach_LeavesItsSharesEmpty()
    {
        var funnel = SampleReport.Snapshot(SampleReport.Members());
        var empty = Stages.Select(s => new FunnelSliceRow("unknown", s, 0, 0, null));
        var report = SampleReport.Build(funnel: funnel with { ByChannel = [.. funnel.ByChannel, .. empty] });
        using var workbook = await ExportedWorkbook.OpenAsync(report);

        var row = Rows(workbook, SliceMatrixSheet.ChannelName).Single(r => r.Cell(1).GetString() == "unknown");
        Assert.All(Stages, s => Assert.Equal(0, row.Cell(FirstCount + (int)s).GetDouble()));
        Assert.All(Stages, s => Assert.True(row.Cell(FirstShare + (int)s).IsEmpty()));
    }
}
