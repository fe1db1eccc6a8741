using LifecycleFunctions.App.Benchmarks;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using Spectre.Console;

namespace LifecycleFunctions.IntegrationTests.Benchmarks;

/// <summary>
/// The recompute benchmark at a tiny size: it must keep running end to end and count what each run wrote,
/// or the figures in docs/benchmarks.md could not be reproduced.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RecomputeBenchmarkTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RunAsync_WithATinyPopulation_MeasuresBothRunsAgainstTheReadAndAgainstTheirStorageWork()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var benchmark = new RecomputeBenchmark(azurite.ConnectionString, () => TimeSpan.Zero, people: 40, eventsPerPerson: 5, seed: 3);
        IReadOnlyList<BenchmarkResult> results = [];

        await new Progress(console).StartAsync(async ctx => results = await benchmark.RunAsync(ctx, CancellationToken.None));

        Assert.Equal(
            ["Recompute, first run (40 people): fold + classify + combine", "Recompute, first run (40 people), against its storage work", "Recompute, a later night (40 people, 10% active)", "Recompute, a later night (40 people), against its storage work"],
            results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Value > 0 && r.Ceiling > 0, r.Name));
        Assert.Contains("personstates 40, stagemembers 40,", results[1].Detail, StringComparison.Ordinal);

        // A first run creates every row; a later night replaces the rows of the people who were active.
        Assert.Contains("(0 of them replacing a row)", results[1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("(0 of them replacing a row)", results[3].Detail, StringComparison.Ordinal);
        // A tenth of the people, two events each.
        Assert.Contains("8 new events, 40 people classified", results[2].Detail, StringComparison.Ordinal);
    }
}
