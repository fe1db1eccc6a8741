namespace LifecycleFunctions.Domain.Value;

/// <summary>Why a run has no usable customer-value model.</summary>
public enum ValueFitProblem
{
    /// <summary>Fewer repeat customers than <see cref="CustomerValueOptions.MinimumRepeaters"/>.</summary>
    TooFewRepeaters,

    /// <summary>The BG/NBD optimiser stopped at its iteration limit.</summary>
    BgNbdNotConverged,

    /// <summary>The Gamma-Gamma optimiser stopped at its iteration limit.</summary>
    GammaGammaNotConverged,

    /// <summary>The Gamma-Gamma fit has q &lt;= 1: spend so dispersed that the model's mean order value is infinite.</summary>
    GammaGammaMeanUndefined,
}
