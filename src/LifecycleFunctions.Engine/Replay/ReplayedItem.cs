using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Engine.Replay;

/// <summary>What became of one replayed input; <paramref name="NewReason"/> when it was rejected again.</summary>
public sealed record ReplayedItem(ReplayItem Item, ReplayOutcome Outcome, string? NewReason);
