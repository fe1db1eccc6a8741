namespace LifecycleFunctions.Engine.Lifecycle;

public enum RecomputePhase
{
    /// <summary>Fold new events into person states.</summary>
    Fold,

    /// <summary>Classify every person and write partial analytics.</summary>
    Classify,
}
