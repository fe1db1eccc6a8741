using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>
/// E[X(t)] straight from the model's definition, without any ₂F₁: given λ and p the expected repeat purchases in (0, t]
/// are (1 - e^(-λpt)) / p (Fader, Hardie and Lee 2005, appendix); over λ ~ Gamma(r, α) the exponential's mean is
/// (α / (α + pt))^r; what is left is one integral over p ~ Beta(a, b), taken here by Simpson's rule after p = u^(1/a),
/// which absorbs the p^(a-1) singularity at 0 (p^(a-1) dp = du / a).
/// </summary>
public static class BgNbdIntegral
{
    public static double RepeatPurchases(BgNbdParameters q, double t, int intervals = 200_000)
    {
        double Integrand(double u)
        {
            if (u <= 0)
            {
                return q.R * t / q.Alpha; // the limit of (1 - (α / (α + pt))^r) / p as p → 0, (1 - p)^(b - 1) → 1
            }

            var p = Math.Pow(u, 1 / q.A);
            var perP = (1 - Math.Pow(q.Alpha / (q.Alpha + (p * t)), q.R)) / p;
            return perP * Math.Pow(1 - p, q.B - 1);
        }

        var h = 1.0 / intervals;
        var sum = Integrand(0) + Integrand(1);
        for (var i = 1; i < intervals; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * Integrand(i * h);
        }

        var logBeta = LogGamma.Of(q.A) + LogGamma.Of(q.B) - LogGamma.Of(q.A + q.B);
        return sum * h / 3 / q.A / Math.Exp(logBeta);
    }
}
