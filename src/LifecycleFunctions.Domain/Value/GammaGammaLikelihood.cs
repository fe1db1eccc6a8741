namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The Gamma-Gamma log-likelihood of one customer's mean repeat value z̄ over x purchases (Fader and Hardie 2013,
/// "The Gamma-Gamma Model of Monetary Value"): ln Γ(px + q) - ln Γ(px) - ln Γ(q) + q ln γ + (px - 1) ln z̄ + px ln x - (px + q) ln(γ + x z̄).
/// All terms kept, so the total compares with the published -4055.92 on CDNOW.
/// </summary>
public static class GammaGammaLikelihood
{
    public static double Of(GammaGammaParameters p, int x, double meanValue)
    {
        var px = p.P * x;
        return LogGamma.Of(px + p.Q) - LogGamma.Of(px) - LogGamma.Of(p.Q) + (p.Q * Math.Log(p.Gamma))
            + ((px - 1) * Math.Log(meanValue)) + (px * Math.Log(x)) - ((px + p.Q) * Math.Log(p.Gamma + (x * meanValue)));
    }

    /// <summary>Σ count × ln L over the rows; a fit evaluates many times through a <see cref="GammaGammaData"/> instead.</summary>
    public static double Total(GammaGammaParameters p, IReadOnlyList<GammaGammaRow> rows) => new GammaGammaData(rows).LogLikelihood(p);
}
