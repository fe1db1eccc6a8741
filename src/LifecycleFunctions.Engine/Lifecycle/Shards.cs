namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// How many shards the people and their events are split into: what a recompute works in parallel, and what the
/// event store partitions by, so a shard's fold reads only its own partitions.
/// </summary>
public static class Shards
{
    public const int Count = 16;
}
