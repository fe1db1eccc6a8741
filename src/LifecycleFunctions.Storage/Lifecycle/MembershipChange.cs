using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <param name="Previous">The stage written by the last recompute, if any.</param>
/// <param name="Notification">Set when the stage itself changed.</param>
public sealed record MembershipChange(StageMember Member, LifecycleStage? Previous, IReadOnlyList<StageSpell> History, StageChange? Notification);
