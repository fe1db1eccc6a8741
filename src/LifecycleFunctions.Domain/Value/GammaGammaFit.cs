namespace LifecycleFunctions.Domain.Value;

/// <summary>A Gamma-Gamma fit: the parameters, how the optimiser ended, and how many repeat customers it used.</summary>
public sealed record GammaGammaFit(GammaGammaParameters Parameters, FitOutcome Outcome, long Customers);
