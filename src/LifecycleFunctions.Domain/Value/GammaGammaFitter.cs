namespace LifecycleFunctions.Domain.Value;

/// <summary>Maximum likelihood for Gamma-Gamma: <see cref="NelderMead"/> on (ln p, ln q, ln γ) over the distinct rows.</summary>
public static class GammaGammaFitter
{
    public static GammaGammaFit Fit(IReadOnlyList<GammaGammaRow> rows, int maxIterations = 5_000)
    {
        // p = q = 2 and γ from the mean spend: the search starts where the implied population mean pγ/(q-1) is the sample's.
        var data = new GammaGammaData(rows);
        var start = new GammaGammaParameters(2, 2, Math.Max(data.MeanValue / 2, 1e-6));
        var minimum = NelderMead.Minimise(logs => -data.LogLikelihood(GammaGammaParameters.FromLog(logs)), start.ToLog(), maxIterations);
        return new GammaGammaFit(
            GammaGammaParameters.FromLog(minimum.Point),
            new FitOutcome(-minimum.Value, minimum.Iterations, minimum.Converged),
            data.Customers);
    }
}
