using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Demo;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Reporting.Design;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Reports;
using LifecycleFunctions.Tests.Shared;

namespace LifecycleFunctions.IntegrationTests.Demo;

/// <summary>The README's first command end to end, small: 300 people over 3 months on a fresh Azurite.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DemoRunnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("lifecycle-demo-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task RunAsync_WithSmallHistory_StoresWhatWasSentFillsEveryStageAndWritesTheWorkbook()
    {
        var options = new DemoOptions(300, 3, 42, false, null, 0, false, "http://127.0.0.1:0", [$"--Storage:ConnectionString={azurite.ConnectionString}", "--Collect:WriteKeys:0=demo-test-key"]) { WorkbookDirectory = _out };

        var result = await new DemoRunner(TimeProvider.System).RunAsync(options, CancellationToken.None);

        // Everything sent is stored once, except the deliberately broken events, which are refused or recorded with a reason.
        Assert.Equal(result.Traffic.ExpectedStored, result.Stored.Total);
        Assert.Equal(result.Traffic.InvalidWebsiteEvents, result.Rejected);
        Assert.Equal(result.Traffic.InvalidQueueMessages + result.Traffic.InvalidWebsiteEvents, result.Stored.Failures.Count);
        Assert.Equal(result.Traffic.InvalidWebsiteEvents, result.Stored.Failures.Count(f => f.Queue == SegmentCollector.RejectedBatchItems));

        var storage = new StorageClients(azurite.ConnectionString);
        var funnel = await new AnalyticsReader(storage).ReadFunnelAsync(result.AsOf, CancellationToken.None);
        Assert.All(funnel!.Stages, s => Assert.True(s.Current > 0, $"{s.Stage} is empty"));
        Assert.Equal(3, result.TrendDays.Count);

        await using var file = File.OpenRead(result.Workbook!);
        using var workbook = WorkbookAssert.Open(file);
        var rows = workbook.NamedRange(OverviewSheet.FunnelName).Ranges.Single().Rows().Skip(1).ToList();
        Assert.Equal(funnel.Stages.Select(s => (s.Stage.ToString(), s.Current, s.EverReached)), rows.Select(r => (r.Cell(1).GetString(), (int)r.Cell(2).GetDouble(), (int)r.Cell(3).GetDouble())));
        Assert.Equal(result.TrendDays.Count + 1, workbook.Worksheet("Trends").Tables.Single().DataRange.RowCount());
        Assert.Equal(funnel.Stages.Single(s => s.Stage == LifecycleStage.Lapsed).Current, workbook.Worksheet("Lapsed").Tables.Single().DataRange.RowCount());
    }
}
