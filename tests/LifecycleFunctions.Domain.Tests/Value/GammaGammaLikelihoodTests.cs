using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>
/// The Gamma-Gamma density of a customer's mean spend z̄ over x purchases (Fader and Hardie 2013, "The Gamma-Gamma Model
/// of Monetary Value"): Γ(px+q) / (Γ(px)Γ(q)) γ^q z̄^(px-1) x^(px) / (γ + x z̄)^(px+q).
/// </summary>
public sealed class GammaGammaLikelihoodTests
{
    [Fact]
    public void Of_WithUnitParametersAndOnePurchase_IsLogOneQuarter()
    {
        // p = q = γ = 1, x = 1, z̄ = 1: Γ(2)/(Γ(1)Γ(1)) · 1 · 1 · 1 / 2² = 1/4.
        Assert.Equal(Math.Log(0.25), GammaGammaLikelihood.Of(new GammaGammaParameters(1, 1, 1), 1, 1), 1e-14);
    }

    [Fact]
    public void Of_WithTwoPurchases_IsEightTwentySevenths()
    {
        // p = 1, q = 2, γ = 1, x = 2, z̄ = 1: Γ(4)/(Γ(2)Γ(2)) · 1 · 1 · 2² / 3⁴ = 24/81 = 8/27.
        Assert.Equal(Math.Log(8.0 / 27), GammaGammaLikelihood.Of(new GammaGammaParameters(1, 2, 1), 2, 1), 1e-14);
    }

    [Fact]
    public void Of_IntegratedOverMeanSpend_IsOne()
    {
        // A density of z̄: Simpson's rule over [0, 5000] (the tail beyond falls like z̄^-(q+1), here below 1e-9).
        var p = new GammaGammaParameters(2, 3, 10);
        const int steps = 200_000;
        const double upper = 5000;
        var h = upper / steps;
        var sum = 0.0;
        for (var i = 1; i < steps; i++)
        {
            sum += (i % 2 == 0 ? 2 : 4) * Math.Exp(GammaGammaLikelihood.Of(p, 3, i * h));
        }

        Assert.Equal(1, (sum + Math.Exp(GammaGammaLikelihood.Of(p, 3, upper))) * h / 3, 1e-6);
    }

    [Fact]
    public void ExpectedValue_WithNoRepeat_IsThePopulationMean()
    {
        var p = new GammaGammaParameters(6.25, 3.74, 15.44);

        Assert.Equal(6.25 * 15.44 / 2.74, p.ExpectedValue(0, 0), 1e-12);
        Assert.Equal(p.PopulationMean, p.ExpectedValue(0, 0), 1e-12);
    }

    [Fact]
    public void ExpectedValue_WithMorePurchases_MovesTowardTheCustomersOwnMean()
    {
        // E[M | x, z̄] weights the customer's mean by px/(px + q - 1): the more purchases, the closer to it.
        var p = new GammaGammaParameters(6.25, 3.74, 15.44);
        var own = 100.0;

        int[] counts = [1, 2, 5, 20, 100];
        var distances = counts.Select(x => own - p.ExpectedValue(x, own)).ToList();

        Assert.All(distances, d => Assert.True(d > 0));
        Assert.Equal(distances.OrderByDescending(d => d), distances);
    }
}
