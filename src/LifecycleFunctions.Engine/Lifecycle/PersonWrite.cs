using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// A personstates row as the classify step leaves it: state, stage, member fingerprint and stage-history codes in
/// one write. <paramref name="Version"/> is the row as read (null for a person new this run), so a concurrent change
/// fails the write instead of being overwritten.
/// </summary>
/// <param name="ChangedIn">The run that last changed the person's member row (<see cref="PersonRow.ChangedIn"/>).</param>
/// <param name="Pending">Leaves the row marked for classifying again (a forward's delta was merged in at the write).</param>
public sealed record PersonWrite(PersonState State, string StateJson, string? Version, LifecycleStage? Stage, DateOnly? StageEntered, string? MemberHash, string? Spells, string? ChangedIn, bool Pending = false);
