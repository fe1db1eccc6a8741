using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <param name="Deltas">The folded person-state deltas by the shard of the person they belong to.</param>
public sealed record ShardFoldResult(int Events, int People, int Links, AdSpendLedger AdSpend, IReadOnlyDictionary<int, List<PersonState>> Deltas);
