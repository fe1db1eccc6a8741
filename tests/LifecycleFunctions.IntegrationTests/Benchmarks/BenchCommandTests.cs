using LifecycleFunctions.App.Cli;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Benchmarks;

[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_WithOnlyTheMemoryProbe_LeavesTheReportAsItIs()
    {
        var (exit, report) = await BenchOverAnEarlierReportAsync("--only", "none", "--shard-memory-people", "2000");

        Assert.Equal(0, exit);
        Assert.Equal("last full run", report);
    }

    [Fact]
    public async Task Bench_WithNoRounds_RefusesAndLeavesTheReportAsItIs()
    {
        var (exit, report) = await BenchOverAnEarlierReportAsync("--only", "recompute", "--rounds", "0");

        Assert.Equal(2, exit);
        Assert.Equal("last full run", report);
    }

    private static async Task<(int Exit, string Report)> BenchOverAnEarlierReportAsync(params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(path, "last full run");
        try
        {
            var exit = await Program.Main(["bench", .. options, "--out", path]);
            return (exit, await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
