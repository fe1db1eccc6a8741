using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Engine.Operations;

/// <summary>
/// The pipeline's status for `lifecycle status` and GET /api/admin/status: the queues the host's functions read,
/// the recompute's run state against its schedule, and the pre-built workbook.
/// </summary>
public sealed class PipelineStatusService(IPipelineSnapshotReader reader, IWorkbookStore workbooks, IPipelineDeclarations declarations, TimeProvider time)
{
    public async Task<PipelineStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var snapshot = await reader.ReadAsync(declarations.WatchedQueues(), await workbooks.LatestAsOfAsync(cancellationToken), cancellationToken);
        var lastScheduled = declarations.LastScheduledRecompute(now - PipelineHealth.RunAllowance);
        return new PipelineStatus(now, snapshot, lastScheduled, declarations.NextScheduledRecompute(now), PipelineHealth.Assess(snapshot, lastScheduled));
    }
}
