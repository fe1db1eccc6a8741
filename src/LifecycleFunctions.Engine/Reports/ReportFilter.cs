using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Reports;

/// <param name="Stage">A one-stage workbook: the overview and that stage's members.</param>
/// <param name="Channel">Only people whose first touch was this channel.</param>
/// <param name="CohortGranularity">The retention triangle by first-purchase month or ISO week.</param>
public sealed record ReportFilter(LifecycleStage? Stage = null, string? Channel = null, CohortGranularity CohortGranularity = CohortGranularity.Month)
{
    public string Describe() =>
        string.Join(" · ", new[]
        {
            Stage is { } s ? $"Stage: {s}" : "All stages",
            Channel is { } c ? $"First-touch channel: {c}" : "All channels",
            CohortGranularity == CohortGranularity.Month ? "Cohorts by month" : "Cohorts by ISO week",
        });
}
