namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>Which breakdown a funnel row belongs to.</summary>
public enum FunnelDimension
{
    All,
    Channel,
    Cohort,
}
