namespace LifecycleFunctions.Domain.Analytics;

public enum CohortGranularity
{
    Month,

    /// <summary>ISO 8601 weeks (Monday to Sunday).</summary>
    Week,
}
