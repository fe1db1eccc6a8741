using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>A personstates row: the folded state, plus the stage the last recompute wrote for it.</summary>
public sealed record PersonRow(string Key, PersonState State, LifecycleStage? Stage, DateOnly? StageEntered, string? MemberHash, string? MergedInto);
