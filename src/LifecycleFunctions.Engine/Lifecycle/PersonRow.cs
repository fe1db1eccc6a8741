using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>A personstates row: the folded state, plus the stage the last recompute wrote for it.</summary>
public sealed record PersonRow(string Key, PersonState State, LifecycleStage? Stage, DateOnly? StageEntered, string? MemberHash, string? MergedInto)
{
    /// <summary>The stage history codes written with the stage (<see cref="StageSpellCodes"/>); null on rows from before they were kept.</summary>
    public string? Spells { get; init; }

    /// <summary>The stored state's JSON as read (null when stored compressed), to tell whether a merge changed anything.</summary>
    public string? StateJson { get; init; }

    /// <summary>
    /// Something was merged into the state after the row was last classified (an identity move or a forwarded
    /// delta): its stage, member row and history may be stale until its shard classifies it again.
    /// </summary>
    public bool Pending { get; init; }

    /// <summary>The run that last changed what the person's member row shows, so a run counts each changed person once.</summary>
    public string? ChangedIn { get; init; }

    /// <summary>The version the store read the row at (its ETag); null for a person with no row yet.</summary>
    public string? Version { get; init; }
}
