namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// Maximum likelihood for BG/NBD: <see cref="NelderMead"/> on (ln r, ln α, ln a, ln b), which keeps the parameters
/// positive without constraints, minimising -Σ count × ln L over the distinct rows.
/// </summary>
public static class BgNbdFitter
{
    /// <summary>r = a = b = 1 and α = 1 week: no preference among purchase rates or dropout odds; the search moves in log steps.</summary>
    public static readonly BgNbdParameters Start = new(1, 1, 1, 1);

    public static BgNbdFit Fit(IReadOnlyList<BgNbdRow> rows, int maxIterations = 5_000)
    {
        var data = new BgNbdData(rows);
        var minimum = NelderMead.Minimise(logs => -data.LogLikelihood(BgNbdParameters.FromLog(logs)), Start.ToLog(), maxIterations);
        return new BgNbdFit(
            BgNbdParameters.FromLog(minimum.Point),
            new FitOutcome(-minimum.Value, minimum.Iterations, minimum.Converged),
            data.Customers,
            data.Repeaters);
    }
}
