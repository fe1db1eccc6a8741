namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The Gamma-Gamma model of spend (Fader, Hardie and Lee 2005, "RFM and CLV", section 4; Fader and Hardie 2013, "The
/// Gamma-Gamma Model of Monetary Value"): each purchase's value is Gamma(p, ν) for the customer, and ν is Gamma(q, γ)
/// across customers, independent of how often they buy.
/// </summary>
public sealed record GammaGammaParameters(double P, double Q, double Gamma)
{
    /// <summary>E[M] of a customer never seen to repeat: pγ / (q - 1); finite only when q &gt; 1.</summary>
    public double PopulationMean => P * Gamma / (Q - 1);

    public static GammaGammaParameters FromLog(IReadOnlyList<double> logs) => new(Math.Exp(logs[0]), Math.Exp(logs[1]), Math.Exp(logs[2]));

    public double[] ToLog() => [Math.Log(P), Math.Log(Q), Math.Log(Gamma)];

    /// <summary>
    /// E[M | x, m_x] = (p (γ + x m_x)) / (p x + q - 1) (Fader and Hardie 2013; Fader, Hardie and Lee 2005, "RFM and CLV"): a
    /// weighted mean of the population mean and the customer's own mean, their own counting more the more they bought.
    /// x = 0 gives the population mean.
    /// </summary>
    public double ExpectedValue(int x, double meanValue) => P * (Gamma + (x * meanValue)) / ((P * x) + Q - 1);
}
