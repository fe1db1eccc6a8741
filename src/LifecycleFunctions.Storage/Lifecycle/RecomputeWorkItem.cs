namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>The recompute-shards queue message: one phase of one shard of one run.</summary>
public sealed record RecomputeWorkItem(RecomputeRun Run, RecomputePhase Phase, int Shard)
{
    public string Step => $"{Phase.ToString().ToLowerInvariant()}-{Shard:00}";
}
