using System.Text.Encodings.Web;
using System.Text.Json;
using LifecycleFunctions.Domain.Operations;

namespace LifecycleFunctions.App.Operations;

/// <summary>The status as GET /api/admin/status and `lifecycle status --json` give it, for monitors and scripts.</summary>
public static class PipelineStatusJson
{
    // Relaxed escaping keeps the details' backticks and quotes readable; the answer is JSON, never HTML.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static object From(PipelineStatus status) => new
    {
        healthy = status.Healthy,
        checkedAt = status.CheckedAt,
        concerns = status.Concerns.Select(c => new { check = c.Check, detail = c.Detail }),
        recompute = new
        {
            lastAsOf = status.Snapshot.LastAsOf,
            lastCompletedAt = status.Snapshot.LastCompletedAt,
            eventsFoldedUpTo = status.Snapshot.EventsFoldedUpTo,
            running = status.Snapshot.RecomputeRunning,
            lastScheduled = status.LastScheduled,
            nextScheduled = status.NextScheduled,
        },
        latestWorkbook = status.Snapshot.LatestWorkbook,
        queues = status.Snapshot.Queues.Select(q => new { queue = q.Queue, waiting = q.Waiting, poisoned = q.Poisoned }),
        failedEvents = status.Snapshot.FailedEvents,
    };
}
