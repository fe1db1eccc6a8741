using System.Globalization;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// Several rounds of a benchmark that yields more than one figure, each round on fresh storage, reduced to
/// one result per figure. The round with the median ratio is reported whole (its figure, ceiling and setup
/// belong together), with every round's ratio beside it: on a shared 2-core machine one round's ratio moves
/// by ±0.15, which a single round cannot show.
/// </summary>
public static class BenchmarkRounds
{
    public static IReadOnlyList<BenchmarkResult> Median(IReadOnlyList<IReadOnlyList<BenchmarkResult>> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        if (rounds.Count == 1)
        {
            return rounds[0];
        }

        var names = rounds[0].Select(r => r.Name).ToList();
        if (rounds.Any(round => !round.Select(r => r.Name).SequenceEqual(names)))
        {
            throw new ArgumentException("Every round must measure the same figures in the same order.", nameof(rounds));
        }

        return [.. names.Select((name, i) =>
        {
            var ordered = rounds.Select(round => round[i]).OrderBy(r => r.Ratio).ToList();
            var median = ordered[ordered.Count / 2];
            var ratios = string.Join(", ", rounds.Select(round => round[i].Ratio.ToString("0.00", CultureInfo.InvariantCulture)));
            return median with
            {
                Detail = string.Create(CultureInfo.InvariantCulture, $"median of {rounds.Count} rounds by ratio, each on a fresh emulator (ratios in order: {ratios}); the median round: {median.Detail}"),
            };
        })];
    }
}
