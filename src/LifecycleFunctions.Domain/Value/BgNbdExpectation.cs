namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// E[X(t)], the expected number of repeat purchases in (0, t] of a randomly chosen customer, t weeks after their first
/// purchase (Fader, Hardie and Lee 2005, equation 7): (a + b - 1) / (a - 1) × [1 - (α / (α + t))^r ₂F₁(r, b; a + b - 1; z)],
/// z = t / (α + t). The population's expected repeat purchases are this summed over the customers' ages, which is
/// what the paper's tracking plot draws (<see cref="RepeatTracking"/>).
/// </summary>
public static class BgNbdExpectation
{
    /// <summary>
    /// Through Euler's transformation, as <see cref="BgNbdForecast.ExpectedPurchases"/> does (Abramowitz and Stegun
    /// 15.3.3): with 1 - z = α / (α + t) the powers combine into (1 - z)^(a - 1) and the series becomes
    /// ₂F₁(a + b - 1 - r, a - 1; a + b - 1; z), the conditional expectation's series for x = 0. It is that expectation
    /// for a customer of age 0 with nothing seen: the model knows no more about them than about anyone. The series
    /// needs 1 - z above about 4e-6 (<see cref="Hypergeometric2F1.MaxTerms"/>), so t up to some 250,000 α weeks.
    /// a = 1 exactly (removable singularity) is not handled.
    /// </summary>
    /// <exception cref="ArithmeticException">t so large against α that the series does not converge.</exception>
    public static double RepeatPurchases(BgNbdParameters p, double weeks)
    {
        if (weeks <= 0)
        {
            return 0;
        }

        var z = weeks / (p.Alpha + weeks);
        var oneMinusZ = p.Alpha / (p.Alpha + weeks);
        var series = Hypergeometric2F1.Series(p.A + p.B - 1 - p.R, p.A - 1, p.A + p.B - 1, z);
        return (p.A + p.B - 1) / (p.A - 1) * (1 - (Math.Pow(oneMinusZ, p.A - 1) * series));
    }
}
