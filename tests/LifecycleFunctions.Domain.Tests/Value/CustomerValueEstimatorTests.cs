using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class CustomerValueEstimatorTests
{
    private static readonly DateOnly AsOf = CdnowSample.CalibrationEnd;

    [Fact]
    public void Fit_WithTooFewRepeaters_GivesTheReasonAndNoModel()
    {
        // Issue 23: degenerate data leaves the figures empty with the reason. 29 repeaters against a threshold of 30.
        var first = new DateOnly(1997, 1, 1);
        var summaries = Enumerable.Range(0, 100)
            .Select(i => new CustomerSummary($"c{i}", first, i < 29 ? 1 : 0, i < 29 ? 10 : 0, 272, i < 29 ? 20m : null))
            .ToList();

        var fit = CustomerValueEstimator.Fit(summaries, AsOf, new CustomerValueOptions { MinimumRepeaters = 30 });

        Assert.False(fit.Usable);
        Assert.Null(fit.Model);
        Assert.Equal(ValueFitProblem.TooFewRepeaters, fit.Problem);
        Assert.Equal("29 of 100 customers bought again; the models need at least 30.", fit.Reason);
        Assert.Equal(29, fit.Repeaters);
    }

    [Fact]
    public void Fit_WithIterationLimitReached_ReportsNotConverged()
    {
        // A fit that does not converge is reported, not used: the caller keeps the previous run's parameters.
        var fit = CustomerValueEstimator.Fit(CdnowSample.Calibration, AsOf, new CustomerValueOptions { MaxIterations = 5 });

        Assert.False(fit.Usable);
        Assert.Equal(ValueFitProblem.BgNbdNotConverged, fit.Problem);
        Assert.False(fit.Model!.BgNbd.Outcome.Converged);
        Assert.Equal("BG/NBD did not converge in 5 iterations.", fit.Reason);
    }

    [Fact]
    public void Fit_WithCdnowSample_IsUsableWithBothModels()
    {
        var fit = CustomerValueEstimator.Fit(CdnowSample.Calibration, AsOf, new CustomerValueOptions());

        Assert.True(fit.Usable);
        Assert.Equal(2357, fit.Customers);
        Assert.Equal(946, fit.Repeaters);
        Assert.Equal(AsOf, fit.Model!.AsOf);
        Assert.Equal(0.243, SignificantFigures.Round(fit.Model.BgNbd.Parameters.R, 3));
        Assert.Equal(6.25, SignificantFigures.Round(fit.Model.GammaGamma.Parameters.P, 3));
    }
}
