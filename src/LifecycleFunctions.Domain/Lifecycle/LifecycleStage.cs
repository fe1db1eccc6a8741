namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>The stages in funnel order; Lapsed sits outside the funnel.</summary>
public enum LifecycleStage
{
    Reach,
    Acquisition,
    Conversion,
    Retention,
    Loyalty,
    Advocacy,
    Lapsed,
}
