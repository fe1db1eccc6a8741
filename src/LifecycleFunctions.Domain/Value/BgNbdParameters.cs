namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The BG/NBD model's parameters (Fader, Hardie and Lee 2005): while alive, a customer buys at a Poisson rate λ drawn
/// from Gamma(r, α); after every purchase they drop out with a probability p drawn from Beta(a, b). Time in weeks.
/// </summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B)
{
    public static BgNbdParameters FromLog(IReadOnlyList<double> logs) =>
        new(Math.Exp(logs[0]), Math.Exp(logs[1]), Math.Exp(logs[2]), Math.Exp(logs[3]));

    public double[] ToLog() => [Math.Log(R), Math.Log(Alpha), Math.Log(A), Math.Log(B)];
}
