namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The BG/NBD log-likelihood of one customer (Fader, Hardie and Lee 2005, equation 6; and "Implementing the BG/NBD
/// Model for Customer Base Analysis in Excel", 2005): L = A1 A2 (A3 + [x &gt; 0] A4) with
/// ln A1 = ln Γ(r + x) - ln Γ(r) + r ln α, ln A2 = ln Γ(a + b) + ln Γ(b + x) - ln Γ(b) - ln Γ(a + b + x),
/// ln A3 = -(r + x) ln(α + T), ln A4 = ln a - ln(b + x - 1) - (r + x) ln(α + t_x); the sum of A3 and A4 by
/// <see cref="LogSum"/>. No constant is dropped, so the total is comparable with the published -9582.4.
/// </summary>
public static class BgNbdLikelihood
{
    public static double Of(BgNbdParameters p, int x, double recency, double age) =>
        XTerms(p, x) + RowTerms(p, x, recency, age);

    /// <summary>Σ count × ln L over the rows; a fit evaluates many times through a <see cref="BgNbdData"/> instead.</summary>
    public static double Total(BgNbdParameters p, IReadOnlyList<BgNbdRow> rows) => new BgNbdData(rows).LogLikelihood(p);

    /// <summary>ln A1 + ln A2: the log-gamma terms, which depend on x only.</summary>
    private static double XTerms(BgNbdParameters p, int x) =>
        LogGamma.Of(p.R + x) - LogGamma.Of(p.R) + (p.R * Math.Log(p.Alpha))
        + LogGamma.Of(p.A + p.B) + LogGamma.Of(p.B + x) - LogGamma.Of(p.B) - LogGamma.Of(p.A + p.B + x);

    private static double RowTerms(BgNbdParameters p, int x, double recency, double age)
    {
        var logA3 = -(p.R + x) * Math.Log(p.Alpha + age);
        if (x == 0)
        {
            return logA3;
        }

        var logA4 = Math.Log(p.A) - Math.Log(p.B + x - 1) - ((p.R + x) * Math.Log(p.Alpha + recency));
        return LogSum.Of(logA3, logA4);
    }
}
