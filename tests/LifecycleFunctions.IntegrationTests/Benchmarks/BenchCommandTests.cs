using LifecycleFunctions.App.Cli;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Benchmarks;

[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_WithOnlyTheMemoryProbe_LeavesTheReportAsItIs()
    {
        var report = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(report, "last full run");
        try
        {
            var exit = await Program.Main(["bench", "--only", "none", "--shard-memory-people", "2000", "--out", report]);

            Assert.Equal(0, exit);
            Assert.Equal("last full run", await File.ReadAllTextAsync(report));
        }
        finally
        {
            File.Delete(report);
        }
    }
}
