using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Engine.Operations;

/// <summary>
/// The pipeline's status for `lifecycle status` and GET /api/admin/status: the queues the host's functions read,
/// the recompute's run state against its schedule, and the pre-built workbook.
/// </summary>
public sealed class PipelineStatusService(
    IPipelineSnapshotReader reader,
    IWorkbookStore workbooks,
    IPipelineDeclarations declarations,
    TimeProvider time)
{
    public async Task<PipelineStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var latestWorkbook = await workbooks.LatestAsOfAsync(cancellationToken);
        var snapshot = await reader.ReadAsync(declarations.WatchedQueues(), latestWorkbook, cancellationToken);
        var lastScheduled = declarations.LastScheduledRecompute(now - PipelineHealth.RunAllowance);
        var nextScheduled = declarations.NextScheduledRecompute(now);
        return new PipelineStatus(now, snapshot, lastScheduled, nextScheduled, PipelineHealth.Assess(snapshot, lastScheduled));
    }
}
