namespace LifecycleFunctions.Domain.Value;

/// <summary>How a maximum-likelihood fit ended: the log-likelihood at its point, the optimiser's iterations, and whether it converged.</summary>
public sealed record FitOutcome(double LogLikelihood, int Iterations, bool Converged);
