namespace LifecycleFunctions.Domain.Value;

/// <summary>The fitted models as of a day; the parameters are what a later run may keep when its own fit fails.</summary>
public sealed record CustomerValueModel(DateOnly AsOf, BgNbdFit BgNbd, GammaGammaFit GammaGamma);
