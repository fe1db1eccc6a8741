using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class BgNbdFitterTests
{
    [Fact]
    public void Fit_WithOneRowPerCustomer_EqualsFitWithCountedRows()
    {
        // Weighting distinct (x, t_x, T) by their count is the same likelihood as one term per customer (CDNOW sample:
        // 2,357 customers, 1,016 distinct rows).
        var summaries = CdnowSample.Calibration;
        var perCustomer = summaries.Select(s => new BgNbdRow(s.X, s.Recency, s.Age, 1)).ToList();
        var grouped = BgNbdRow.Group(summaries);

        var a = BgNbdFitter.Fit(perCustomer);
        var b = BgNbdFitter.Fit(grouped);

        Assert.True(grouped.Count < perCustomer.Count / 2);
        Assert.Equal(a.Outcome.LogLikelihood, b.Outcome.LogLikelihood, 1e-6);
        Assert.Equal(a.Parameters.R, b.Parameters.R, a.Parameters.R * 1e-4);
        Assert.Equal(a.Parameters.Alpha, b.Parameters.Alpha, a.Parameters.Alpha * 1e-4);
        Assert.Equal(a.Parameters.A, b.Parameters.A, a.Parameters.A * 1e-4);
        Assert.Equal(a.Parameters.B, b.Parameters.B, a.Parameters.B * 1e-4);
        Assert.Equal(a.Customers, b.Customers);
    }

    [Fact]
    public void Fit_WithSimulatedCustomers_RecoversTheParameters()
    {
        // 20,000 customers drawn from known parameters: maximum likelihood lands near them (the tolerance is a few
        // standard errors at this size; a wrong likelihood or forecast sign lands far away).
        var truth = new BgNbdParameters(0.5, 6, 0.7, 2.5);

        var fit = BgNbdFitter.Fit(BgNbdSimulation.Draw(truth, 20_000, seed: 23));

        Assert.True(fit.Outcome.Converged);
        Assert.InRange(fit.Parameters.R, truth.R * 0.85, truth.R * 1.15);
        Assert.InRange(fit.Parameters.Alpha, truth.Alpha * 0.8, truth.Alpha * 1.2);
        Assert.InRange(fit.Parameters.A, truth.A * 0.7, truth.A * 1.3);
        Assert.InRange(fit.Parameters.B, truth.B * 0.7, truth.B * 1.3);
    }

    [Fact]
    public void Group_WithSharedRows_CountsThem()
    {
        var first = new DateOnly(2024, 1, 1);
        CustomerSummary[] summaries =
        [
            new("a", first, 0, 0, 100, null),
            new("b", first, 0, 0, 100, null),
            new("c", first, 2, 50, 100, 10m),
            new("d", first, 0, 0, 90, null),
        ];

        var rows = BgNbdRow.Group(summaries);

        Assert.Equal([new BgNbdRow(0, 0, 90 / 7.0, 1), new BgNbdRow(0, 0, 100 / 7.0, 2), new BgNbdRow(2, 50 / 7.0, 100 / 7.0, 1)], rows);
    }
}
