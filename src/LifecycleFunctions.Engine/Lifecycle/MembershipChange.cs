using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>What one person's classification changed, so only that is written.</summary>
/// <param name="Member">The member row to write; null when what it shows did not change.</param>
/// <param name="Previous">The stage written by the last recompute, if any (its member row goes when the stage changed).</param>
/// <param name="SpellsToWrite">Stage-history spells that are new or read differently.</param>
/// <param name="SpellRowsToDelete">Row keys of stored spells a late event made obsolete.</param>
/// <param name="SweepHistory">The stored spells are not known (a row from before they were kept): look them up and delete the obsolete ones.</param>
/// <param name="Notification">Set when the stage itself changed.</param>
public sealed record MembershipChange(
    string PersonKey,
    StageMember? Member,
    LifecycleStage? Previous,
    IReadOnlyList<StageSpell> SpellsToWrite,
    IReadOnlyList<string> SpellRowsToDelete,
    bool SweepHistory,
    IReadOnlyList<StageSpell> History,
    StageChange? Notification);
