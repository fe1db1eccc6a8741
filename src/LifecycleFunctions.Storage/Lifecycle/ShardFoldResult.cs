using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Storage.Lifecycle;

public sealed record ShardFoldResult(int Events, int People, int Links, AdSpendLedger AdSpend);
