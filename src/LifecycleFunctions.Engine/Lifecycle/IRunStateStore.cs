namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>The recompute's committed state, the run it started last, and the lock one run holds at a time.</summary>
public interface IRunStateStore
{
    /// <summary>How long a lock held by a process that died takes to free itself: what a run started by hand waits at most.</summary>
    TimeSpan LockLapse { get; }

    Task<LifecycleRunState> ReadStateAsync(CancellationToken cancellationToken);

    Task CommitStateAsync(LifecycleRunState state, CancellationToken cancellationToken);

    Task<RecomputeRun?> ReadStartedRunAsync(CancellationToken cancellationToken);

    Task WriteStartedRunAsync(RecomputeRun run, CancellationToken cancellationToken);

    /// <summary>The recompute lock, held until disposed; null when another run still holds it after <paramref name="patience"/>.</summary>
    Task<IRunLease?> TryLockAsync(TimeSpan patience, CancellationToken cancellationToken);
}
