using System.Globalization;

namespace LifecycleFunctions.Domain.Operations;

/// <summary>
/// What in a pipeline snapshot needs an operator: a nightly run that did not happen, messages a function gave up
/// on, a workbook that was not published. Failed-events rows of bad input are not among them: senders' mistakes
/// arrive every day and are listed with their counts, not raised.
/// </summary>
public static class PipelineHealth
{
    public const string NoRecompute = "no-recompute";
    public const string RecomputeOverdue = "recompute-overdue";
    public const string PoisonMessages = "poison-messages";
    public const string WorkbookBehind = "workbook-behind";
    public const string UnfileableEvents = "unfileable-events";

    /// <summary>The failed-events source under which the recompute records stored events it cannot file.</summary>
    public const string UnfileableSource = "recompute";

    /// <summary>
    /// How long after its scheduled time a recompute may still be running before it counts as missed: a first
    /// run over a million people takes tens of minutes.
    /// </summary>
    public static readonly TimeSpan RunAllowance = TimeSpan.FromHours(2);

    /// <param name="lastScheduled">The latest scheduled run at least <see cref="RunAllowance"/> ago, or null when no schedule applies.</param>
    public static IReadOnlyList<PipelineConcern> Assess(PipelineSnapshot snapshot, DateTimeOffset? lastScheduled)
    {
        var concerns = new List<PipelineConcern>();
        if (snapshot.LastAsOf is not { } lastAsOf)
        {
            if (!snapshot.RecomputeRunning)
            {
                concerns.Add(new(NoRecompute, "No recompute has completed yet: the stage, cohort and funnel tables are empty and the reports answer 404. Run `lifecycle recompute` or POST /api/admin/recompute, or wait for the schedule."));
            }
        }
        else if (lastScheduled is { } due && !snapshot.RecomputeRunning && lastAsOf < ExpectedAsOf(due))
        {
            concerns.Add(new(RecomputeOverdue, Invariant(
                $"The recompute scheduled for {due.UtcDateTime:yyyy-MM-dd HH:mm} UTC has not completed: the last one classified as of {lastAsOf:yyyy-MM-dd}{Completed(snapshot.LastCompletedAt)}. Check the RecomputeLifecycle function's logs; a standalone app catches up a missed night when it starts, and `lifecycle recompute` runs one now.")));
        }

        foreach (var queue in snapshot.Queues.Where(q => q.Poisoned > 0))
        {
            concerns.Add(new(PoisonMessages, Invariant(
                $"{queue.Poisoned:N0} message(s) in {queue.Queue}-poison: its function failed on every attempt (the reasons are in failedevents). Fix the cause, then `lifecycle replay-failed --source {queue.Queue}`.")));
        }

        if (snapshot.FailedEvents.TryGetValue(UnfileableSource, out var unfileable) && unfileable > 0)
        {
            // Unlike a sender's bad input, these were accepted: the figures leave them out until someone decides.
            concerns.Add(new(UnfileableEvents, Invariant(
                $"{unfileable:N0} stored event(s) left out of every recompute: their person or channel cannot be stored (ids escaping past the store's key limit, accepted before capture checked them). The reasons and events are in failedevents, source {UnfileableSource}; correct the ids at the sender, and delete the rows once dealt with.")));
        }

        if (snapshot.LastAsOf is { } classified && !snapshot.RecomputeRunning && (snapshot.LatestWorkbook is not { } workbook || workbook < classified))
        {
            var held = snapshot.LatestWorkbook is { } day ? Invariant($"as of {day:yyyy-MM-dd}") : "missing";
            concerns.Add(new(WorkbookBehind, Invariant(
                $"The pre-built workbook is {held} while the last recompute classified as of {classified:yyyy-MM-dd}: publishing it failed (see the logs). GET /api/reports/funnel builds one now; the next recompute publishes again.")));
        }

        return concerns;
    }

    /// <summary>The day the run scheduled at <paramref name="due"/> classifies as of at the earliest (<see cref="Lifecycle.NightlyAsOf"/>).</summary>
    public static DateOnly ExpectedAsOf(DateTimeOffset due) => Lifecycle.NightlyAsOf.Resolve(due, null);

    private static string Completed(DateTimeOffset? at) =>
        at is { } completed ? Invariant($", completed {completed.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
