using System.Globalization;

namespace LifecycleFunctions.Domain.Value;

/// <summary>Fits BG/NBD on every customer and Gamma-Gamma on those with repeat purchases, or says why it cannot.</summary>
public static class CustomerValueEstimator
{
    public static CustomerValueFit Fit(IReadOnlyCollection<CustomerSummary> summaries, DateOnly asOf, CustomerValueOptions options)
    {
        var customers = summaries.Count;
        var repeaters = summaries.LongCount(s => s.X > 0);
        if (repeaters < options.MinimumRepeaters)
        {
            var reason = string.Format(
                CultureInfo.InvariantCulture,
                "{0} of {1} customers bought again; the models need at least {2}.",
                repeaters,
                customers,
                options.MinimumRepeaters);
            return new CustomerValueFit(customers, repeaters, null, ValueFitProblem.TooFewRepeaters, reason);
        }

        var bgNbd = BgNbdFitter.Fit(BgNbdRow.Group(summaries), options.MaxIterations);
        var gammaGamma = GammaGammaFitter.Fit(GammaGammaRow.Group(summaries), options.MaxIterations);
        var model = new CustomerValueModel(asOf, bgNbd, gammaGamma);
        var (problem, why) =
            !bgNbd.Outcome.Converged
                ? (ValueFitProblem.BgNbdNotConverged, $"BG/NBD did not converge in {bgNbd.Outcome.Iterations} iterations.")
            : !gammaGamma.Outcome.Converged
                ? (ValueFitProblem.GammaGammaNotConverged, $"Gamma-Gamma did not converge in {gammaGamma.Outcome.Iterations} iterations.")
            : gammaGamma.Parameters.Q <= 1
                ? (ValueFitProblem.GammaGammaMeanUndefined, "Gamma-Gamma fitted q <= 1: the expected order value is unbounded.")
            : ((ValueFitProblem?)null, (string?)null);
        return new CustomerValueFit(customers, repeaters, model, problem, why);
    }
}
