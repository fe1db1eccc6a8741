namespace LifecycleFunctions.Engine.Lifecycle;

/// <param name="Skipped">True when another recompute held the lock and this one did nothing.</param>
public sealed record RecomputeResult(bool Skipped, RecomputeRun? Run, int Events, int People, int Changed)
{
    public static RecomputeResult SkippedRun { get; } = new(true, null, 0, 0, 0);
}
