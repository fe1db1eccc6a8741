namespace LifecycleFunctions.Engine.Lifecycle;

public sealed class RecomputeOptions
{
    public const string Section = "Recompute";

    /// <summary>
    /// Events stored in the last this-many seconds wait for the next run: a write stamped just before the run
    /// started may still be on its way to the table.
    /// </summary>
    public int WatermarkLagSeconds { get; set; } = 300;

    /// <summary>How long the timer's run waits for the shard functions before giving up (they go on; a rerun resumes).</summary>
    public int ShardTimeoutMinutes { get; set; } = 120;

    /// <summary>Shards worked on at once by an in-process run (the CLI).</summary>
    public int InProcessParallelism { get; set; } = 4;
}
