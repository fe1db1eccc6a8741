using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class GammaGammaFitterTests
{
    [Fact]
    public void Fit_WithSimulatedSpend_RecoversTheParameters()
    {
        // The model's story (Fader and Hardie 2013): ν ~ Gamma(q, γ) per customer, each purchase's value ~ Gamma(p, ν);
        // 20,000 customers with 1 to 10 repeat purchases, seeded. The tolerance is a few standard errors at this size.
        var truth = new GammaGammaParameters(4, 3, 20);
        var random = new Random(23);
        var rows = new List<GammaGammaRow>();
        for (var i = 0; i < 20_000; i++)
        {
            var nu = GammaSampler.Draw(random, truth.Q) / truth.Gamma;
            var x = random.Next(1, 11);
            var mean = Enumerable.Range(0, x).Sum(_ => GammaSampler.Draw(random, truth.P) / nu) / x;
            rows.Add(new GammaGammaRow(x, mean, 1));
        }

        var fit = GammaGammaFitter.Fit(rows);

        Assert.True(fit.Outcome.Converged);
        Assert.InRange(fit.Parameters.P, truth.P * 0.9, truth.P * 1.1);
        Assert.InRange(fit.Parameters.Q, truth.Q * 0.85, truth.Q * 1.15);
        Assert.InRange(fit.Parameters.Gamma, truth.Gamma * 0.8, truth.Gamma * 1.2);
    }

    [Fact]
    public void Group_WithSummaries_KeepsRepeatersWithPositiveSpend()
    {
        var first = new DateOnly(2024, 1, 1);
        CustomerSummary[] summaries =
        [
            new("a", first, 0, 0, 100, null),
            new("b", first, 2, 50, 100, 10m),
            new("c", first, 2, 60, 100, 10m),
            new("d", first, 1, 10, 100, 0m),
        ];

        Assert.Equal([new GammaGammaRow(2, 10, 2)], GammaGammaRow.Group(summaries));
    }
}
