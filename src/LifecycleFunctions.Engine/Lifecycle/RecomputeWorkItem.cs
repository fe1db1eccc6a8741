namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>The recompute-shards queue message: one phase of one shard of one run.</summary>
/// <param name="Round">1, or a later round of classify for a shard that received forwarded events.</param>
public sealed record RecomputeWorkItem(RecomputeRun Run, RecomputePhase Phase, int Shard, int Round = 1)
{
    public string Step => Round > 1 ? $"{Phase.ToString().ToLowerInvariant()}-{Shard:00}-r{Round}" : $"{Phase.ToString().ToLowerInvariant()}-{Shard:00}";
}
