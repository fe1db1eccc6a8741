using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// What every trigger of a recompute does (the nightly timer, the on-demand queue, `lifecycle recompute`): the
/// recompute, then, unless another run held the lock, the pre-built workbook of its day.
/// </summary>
public sealed class RecomputeAndPublish(LifecycleRecompute recompute, FunnelWorkbookPublisher workbooks)
{
    /// <summary>A scheduled run, as of the last complete UTC day.</summary>
    public async Task<RecomputeResult> RunNightlyAsync(IShardDispatcher shards, CancellationToken cancellationToken)
    {
        var result = await recompute.RunNightlyAsync(shards, null, cancellationToken);
        await PublishAsync(result, null, cancellationToken);
        return result;
    }

    /// <summary>
    /// A run started by hand (<see cref="LifecycleRecompute.RunOnDemandAsync"/>): as of a day before the current view's,
    /// a backfill.
    /// </summary>
    /// <param name="asOf">Null: today (UTC).</param>
    public async Task<RecomputeResult> RunOnDemandAsync(
        DateOnly? asOf,
        IShardDispatcher shards,
        IProgress<RecomputeProgress>? progress,
        IProgress<ExportProgress>? workbookProgress,
        CancellationToken cancellationToken)
    {
        var result = await recompute.RunOnDemandAsync(asOf, shards, progress, cancellationToken);
        await PublishAsync(result, workbookProgress, cancellationToken);
        return result;
    }

    private async Task PublishAsync(RecomputeResult result, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        // Skipped: the run holding the lock publishes its own day's workbook when it is done.
        if (!result.Skipped)
        {
            await workbooks.PublishAsync(result.Run!.AsOf, progress, cancellationToken);
        }
    }
}
