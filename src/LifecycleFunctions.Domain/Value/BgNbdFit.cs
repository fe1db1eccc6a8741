namespace LifecycleFunctions.Domain.Value;

/// <summary>A BG/NBD fit: the parameters, how the optimiser ended, and what it was fitted on.</summary>
public sealed record BgNbdFit(BgNbdParameters Parameters, FitOutcome Outcome, long Customers, long Repeaters);
