namespace LifecycleFunctions.Domain.Operations;

/// <summary>The pipeline as an operator or a monitor sees it: the snapshot, the schedule, and what needs attention.</summary>
/// <param name="LastScheduled">The latest scheduled recompute that should have finished by <paramref
/// name="CheckedAt"/>; null without a schedule.</param>
/// <param name="NextScheduled">When the schedule starts the next recompute; null without a schedule (or with it disabled).</param>
public sealed record PipelineStatus(DateTimeOffset CheckedAt, PipelineSnapshot Snapshot, DateTimeOffset? LastScheduled, DateTimeOffset? NextScheduled, IReadOnlyList<PipelineConcern> Concerns)
{
    public bool Healthy => Concerns.Count == 0;
}
