namespace LifecycleFunctions.Domain.Value;

/// <summary>What a fitted BG/NBD model says about one customer (x repeat purchases, the last at t_x, observed for T; weeks).</summary>
public static class BgNbdForecast
{
    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + [x &gt; 0] a / (b + x - 1) ((α + T) / (α + t_x))^(r + x)) (Fader, Hardie and Lee,
    /// "Computing P(alive) Using the BG/NBD Model", 2008). 1 when x = 0: the model lets a customer drop
    /// out only right after a repeat purchase, so one who never came back has not had the chance.
    /// </summary>
    public static double PAlive(BgNbdParameters p, int x, double recency, double age) =>
        x == 0 ? 1.0 : 1.0 / (1.0 + Odds(p, x, recency, age));

    /// <summary>
    /// E[Y(t) | x, t_x, T], the expected number of purchases in the next t weeks (Fader, Hardie and Lee 2005, equation
    /// 10): (a + b + x - 1) / (a - 1) × [1 - ((α + T) / (α + T + t))^(r + x) ₂F₁(r + x, b + x; a + b + x - 1; z)],
    /// divided by the same 1 + [x &gt; 0] ... as <see cref="PAlive"/>, with z = t / (α + T + t). The ₂F₁ is taken
    /// through Euler's transformation ₂F₁(A, B; C; z) = (1 - z)^(C - A - B) ₂F₁(C - A, C - B; C; z) (Abramowitz and
    /// Stegun 15.3.3; DLMF 15.8.1): here 1 - z = (α + T) / (α + T + t), the powers of (1 - z) combine into
    /// (1 - z)^(a - 1), and the series becomes ₂F₁(a + b - 1 - r, a - 1; a + b + x - 1; z), whose top parameters no
    /// longer grow with x. Untransformed, the terms of a frequent buyer's series grow like j^(r + x - a) before z^j
    /// wins, which is the overflow behind Excel's #NUM! (Fader and Hardie's note 027, 2013, "Overcoming the BG/NBD
    /// Model's #NUM! Error Problem", addresses the same failure). a = 1 exactly is a removable singularity not handled.
    /// </summary>
    public static double ExpectedPurchases(BgNbdParameters p, int x, double recency, double age, double horizon)
    {
        if (horizon <= 0)
        {
            return 0;
        }

        var z = horizon / (p.Alpha + age + horizon);
        var oneMinusZ = (p.Alpha + age) / (p.Alpha + age + horizon);
        var series = Hypergeometric2F1.Series(p.A + p.B - 1 - p.R, p.A - 1, p.A + p.B + x - 1, z);
        var alive = (p.A + p.B + x - 1) / (p.A - 1) * (1 - (Math.Pow(oneMinusZ, p.A - 1) * series));
        return x == 0 ? alive : alive / (1 + Odds(p, x, recency, age));
    }

    /// <summary>a / (b + x - 1) ((α + T) / (α + t_x))^(r + x), in log space until the end (the power overflows for large x).</summary>
    private static double Odds(BgNbdParameters p, int x, double recency, double age) =>
        Math.Exp(Math.Log(p.A) - Math.Log(p.B + x - 1) + ((p.R + x) * (Math.Log(p.Alpha + age) - Math.Log(p.Alpha + recency))));
}
