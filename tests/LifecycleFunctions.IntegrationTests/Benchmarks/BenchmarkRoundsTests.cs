using LifecycleFunctions.App.Benchmarks;

namespace LifecycleFunctions.IntegrationTests.Benchmarks;

public sealed class BenchmarkRoundsTests
{
    [Fact]
    public void Median_WithThreeRounds_ReportsEachFigureFromTheRoundWithItsMedianRatio()
    {
        IReadOnlyList<BenchmarkResult>[] rounds =
        [
            [Result("first", 70, "round 1"), Result("night", 90, "night 1")],
            [Result("first", 90, "round 2"), Result("night", 60, "night 2")],
            [Result("first", 80, "round 3"), Result("night", 50, "night 3")],
        ];

        var median = BenchmarkRounds.Median(rounds);

        Assert.Equal(["first", "night"], median.Select(r => r.Name));
        Assert.Equal(0.8, median[0].Ratio, 3);
        Assert.EndsWith("(ratios in order: 0.70, 0.90, 0.80); the median round: round 3", median[0].Detail, StringComparison.Ordinal);
        // Each figure takes its own median round.
        Assert.Equal(0.6, median[1].Ratio, 3);
        Assert.EndsWith("(ratios in order: 0.90, 0.60, 0.50); the median round: night 2", median[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Median_WithOneRound_ReturnsItUnchanged()
    {
        IReadOnlyList<BenchmarkResult> round = [Result("first", 70, "round 1")];

        Assert.Same(round, BenchmarkRounds.Median([round]));
    }

    [Fact]
    public void Median_WithRoundsMeasuringDifferentFigures_Throws()
    {
        IReadOnlyList<BenchmarkResult>[] rounds = [[Result("first", 70, "a")], [Result("night", 70, "b")]];

        var error = Assert.Throws<ArgumentException>(() => BenchmarkRounds.Median(rounds));

        Assert.Contains("same figures", error.Message, StringComparison.Ordinal);
    }

    private static BenchmarkResult Result(string name, double value, string detail) => new(name, "events/s", value, "ceiling", 100, 0.8, detail);
}
