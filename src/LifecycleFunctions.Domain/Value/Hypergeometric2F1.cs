namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 &lt;= z &lt; 1 by its power series (Abramowitz and Stegun
/// 15.1.1; DLMF 15.2.1), each term from the previous by the ratio (a + j)(b + j) z / ((c + j)(j + 1)), summed until
/// the geometric bound on the rest of the series falls below double precision. The caller chooses the parameters
/// that keep the terms small (see <see cref="BgNbdForecast"/>: Euler's transformation).
/// </summary>
public static class Hypergeometric2F1
{
    /// <summary>Enough for 1 - z down to about 4e-6 (the tail shrinks like z^j); beyond it the series is given up.</summary>
    public const int MaxTerms = 10_000_000;

    private const double Tolerance = 1e-16;

    /// <exception cref="ArithmeticException">z outside [0, 1), or the series did not converge within <see cref="MaxTerms"/>.</exception>
    public static double Series(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1))
        {
            throw new ArithmeticException($"2F1 series needs 0 <= z < 1, got {z}.");
        }

        // Before this many terms the ratios may still grow (parameters changing sign, or a large c); after it they
        // tend to z monotonically, from above or from below.
        var settled = Math.Abs(a) + Math.Abs(b) + Math.Abs(c);
        var term = 1.0;
        var sum = 1.0;
        for (var j = 0; j < MaxTerms; j++)
        {
            var ratio = (a + j) * (b + j) * z / ((c + j) * (j + 1));
            term *= ratio;
            sum += term;
            if (term == 0)
            {
                return sum;
            }

            // Once settled, every later ratio is below q, so the rest of the series is below |term| q / (1 - q).
            var q = Math.Max(Math.Abs(ratio), z);
            if (j >= settled && q < 1 && Math.Abs(term) * q / (1 - q) <= Tolerance * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms.");
    }
}
