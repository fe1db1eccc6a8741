using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Operations;
using LifecycleFunctions.Storage.Reports;

namespace LifecycleFunctions.App.Operations;

/// <summary>
/// The pipeline's status for `lifecycle status` and GET /api/admin/status: the queues this app's functions
/// read (from their function.json) and stage-changes, the recompute's run state against its schedule, and the
/// pre-built workbook.
/// </summary>
public sealed class PipelineStatusService(PipelineSnapshotReader reader, FunnelWorkbookBlobs workbooks, FunctionCatalog catalog, IConfiguration configuration, TimeProvider time)
{
    public async Task<PipelineStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queues = catalog.Queue.Select(d => d.Trigger.QueueName).OfType<string>().Append(StorageNames.StageChangesQueue).Distinct(StringComparer.Ordinal).ToList();
        var snapshot = await reader.ReadAsync(queues, await workbooks.LatestAsOfAsync(cancellationToken), cancellationToken);
        var schedule = NightlySchedule();
        var lastScheduled = schedule?.Last(now - PipelineHealth.RunAllowance);
        return new PipelineStatus(now, snapshot, lastScheduled, schedule?.Next(now), PipelineHealth.Assess(snapshot, lastScheduled));
    }

    /// <summary>The RecomputeLifecycle timer's schedule, or null when it is not declared or is disabled.</summary>
    private TimerSchedule? NightlySchedule()
    {
        var timer = catalog.Timer.FirstOrDefault(d => d.Name == nameof(RecomputeLifecycle));
        return timer?.Trigger.Schedule is { } declared && !FunctionSwitch.IsDisabled(configuration, timer.Name)
            ? TimerSchedule.Parse(declared, configuration)
            : null;
    }
}
