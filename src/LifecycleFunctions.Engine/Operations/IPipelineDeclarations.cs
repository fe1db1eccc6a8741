namespace LifecycleFunctions.Engine.Operations;

/// <summary>What the host declares for the pipeline: the queues its functions read, and the nightly recompute's schedule.</summary>
public interface IPipelineDeclarations
{
    /// <summary>The queues whose depth and poison queue the status reports.</summary>
    IReadOnlyList<string> WatchedQueues();

    /// <summary>The scheduled recompute's last occurrence at or before <paramref name="atOrBefore"/>; null when none is scheduled.</summary>
    DateTimeOffset? LastScheduledRecompute(DateTimeOffset atOrBefore);

    /// <summary>The scheduled recompute's next occurrence; null when none is scheduled.</summary>
    DateTimeOffset? NextScheduledRecompute(DateTimeOffset after);
}
