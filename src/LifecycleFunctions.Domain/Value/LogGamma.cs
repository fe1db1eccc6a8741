namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, nine coefficients; the set used by the GNU Scientific
/// Library and Numerical Recipes), accurate to about 1e-15 relative. .NET has no log-gamma, and the likelihoods need
/// it in log space: Γ(r + x) overflows a double for x above 170.
/// </summary>
public static class LogGamma
{
    private const double G = 7.0;

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    private static readonly double[] Coefficients =
    [
        0.99999999999980993227684700473478,
        676.520368121885098567009190444019,
        -1259.13921672240287047156078755283,
        771.3234287776530788486528258894,
        -176.61502916214059906584551354,
        12.507343278686904814458936853,
        -0.13857109526572011689554707,
        9.984369578019570859563e-6,
        1.50563273514931155834e-7,
    ];

    public static double Of(double x)
    {
        if (!(x > 0))
        {
            return double.NaN;
        }

        if (x < 0.5)
        {
            // Reflection: the approximation is accurate for x >= 1/2 only.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - Of(1 - x);
        }

        x -= 1;
        var sum = Coefficients[0];
        for (var k = 1; k < Coefficients.Length; k++)
        {
            sum += Coefficients[k] / (x + k);
        }

        var t = x + G + 0.5;
        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
