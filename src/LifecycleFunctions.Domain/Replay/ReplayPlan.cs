namespace LifecycleFunctions.Domain.Replay;

/// <summary>What a replay sends, in order, and the records it leaves alone.</summary>
/// <param name="Spent">Records marked as sent whose poison message can no longer come back: removed, nothing sent.</param>
public sealed record ReplayPlan(IReadOnlyList<ReplayItem> Items, IReadOnlyList<SkippedInput> Skipped, IReadOnlyList<FailedInput>? Spent = null)
{
    public IReadOnlyList<FailedInput> SpentRecords => Spent ?? [];

    public IReadOnlyList<ReplayGroup> Groups() => Items
        .GroupBy(i => (i.Source.Name, i.FromPoisonQueue, i.ReasonGroup))
        .Select(g => new ReplayGroup(g.Key.Name, g.Key.FromPoisonQueue, g.Key.ReasonGroup, g.Count()))
        .OrderBy(g => g.Source, StringComparer.Ordinal).ThenByDescending(g => g.FromPoisonQueue).ThenByDescending(g => g.Count)
        .ToList();
}
