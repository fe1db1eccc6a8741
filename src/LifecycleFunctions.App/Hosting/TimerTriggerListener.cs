using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using ScheduleStatus = LifecycleFunctions.Storage.Lifecycle.ScheduleStatus;
using Microsoft.Extensions.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Standalone mode's timer trigger, with the Functions host's schedule monitor: the last run is kept in Blob,
/// so an occurrence missed while the app was down runs once at start (IsPastDue), and one instance's run is
/// seen by the others.
/// </summary>
public sealed class TimerTriggerListener(
    string name,
    FunctionBinding trigger,
    Func<TimerInfo, CancellationToken, Task> function,
    IConfiguration configuration,
    LifecycleRunStore runs,
    TimeProvider time,
    ILogger<TimerTriggerListener> logger) : BackgroundService
{
    private readonly StorageOutageLog _outage = new(logger, time, $"Timer {name}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunScheduleAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private async Task RunScheduleAsync(CancellationToken stoppingToken)
    {
        var schedule = TimerSchedule.Parse(trigger.Schedule ?? throw new InvalidOperationException($"{name}: a timerTrigger needs a schedule."), configuration);
        logger.LogInformation("Timer {Function} on schedule {Schedule}", name, schedule.Expression);

        var status = await CatchUpStatusAsync(stoppingToken);
        var now = time.GetUtcNow();
        if (status is null)
        {
            await TryWriteStatusAsync(new ScheduleStatus(now, schedule.Next(now), now));
        }
        else if (schedule.Next(status.Last) <= now)
        {
            var missed = schedule.Next(status.Last);
            logger.LogWarning("Timer {Function} missed its run at {Missed}; running it now", name, missed);
            var pastDue = new TimerInfo { IsPastDue = true, ScheduleStatus = Status(status.Last, schedule.Next(now), now) };
            await InvokeAsync(schedule, missed, pastDue, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            now = time.GetUtcNow();
            var next = schedule.Next(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var last = await TryReadLastAsync(stoppingToken);
            var onTime = new TimerInfo { IsPastDue = false, ScheduleStatus = Status(last, schedule.Next(next), time.GetUtcNow()) };
            await InvokeAsync(schedule, next, onTime, stoppingToken);
        }
    }

    /// <param name="scheduledFor">The occurrence this run stands for: recorded as the schedule's last run when it is done.</param>
    private async Task InvokeAsync(TimerSchedule schedule, DateTimeOffset scheduledFor, TimerInfo info, CancellationToken stoppingToken)
    {
        try
        {
            await function(info, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // As on Azure: a failed occurrence is logged and the schedule goes on (a cancellation that is not the
            // app stopping is the function's own timeout, a failure like any other).
            logger.LogError(ex, "Timer {Function} failed for its occurrence at {ScheduledFor}", name, scheduledFor);
        }

        var now = time.GetUtcNow();
        await TryWriteStatusAsync(new ScheduleStatus(scheduledFor, schedule.Next(now), now));
    }

    /// <summary>
    /// The schedule status decides whether a run was missed, so it is read until storage answers: an unreachable
    /// storage at start (or a dropped connection) must neither stop the app nor skip the catch-up.
    /// </summary>
    private async Task<ScheduleStatus?> CatchUpStatusAsync(CancellationToken stoppingToken)
    {
        var wait = PollingBackoff.First(MaxRetryDelay);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var status = await runs.ReadScheduleAsync(name, stoppingToken);
                _outage.Succeeded();
                return status;
            }
            catch (Exception ex) when (IsStorageFailure(ex, stoppingToken))
            {
                _outage.Failed(ex, $"reading the schedule status (attempt {attempt}){Unexpected(ex)}");
                await Task.Delay(wait, time, stoppingToken);
                wait = PollingBackoff.Next(wait, MaxRetryDelay);
            }
        }
    }

    private async Task<DateTimeOffset?> TryReadLastAsync(CancellationToken stoppingToken)
    {
        try
        {
            var last = (await runs.ReadScheduleAsync(name, stoppingToken))?.Last;
            _outage.Succeeded();
            return last;
        }
        catch (Exception ex) when (IsStorageFailure(ex, stoppingToken))
        {
            // Only informational for the function (TimerTriggerInfo.Last); the occurrence runs regardless.
            _outage.Failed(ex, $"reading the schedule status{Unexpected(ex)}");
            return null;
        }
    }

    private async Task TryWriteStatusAsync(ScheduleStatus status)
    {
        try
        {
            await runs.WriteScheduleAsync(name, status, CancellationToken.None);
            _outage.Succeeded();
        }
        catch (Exception ex) when (IsStorageFailure(ex, CancellationToken.None))
        {
            // The next occurrence writes it again; until then a restart may run this occurrence once more, as on Azure.
            _outage.Failed(ex, $"recording the schedule status{Unexpected(ex)}");
        }
    }

    /// <summary>What the Functions host passes in TimerInfo.ScheduleStatus: the last run, the next, and when the status was written.</summary>
    private static Microsoft.Azure.Functions.Worker.ScheduleStatus Status(DateTimeOffset? last, DateTimeOffset next, DateTimeOffset updated) =>
        new() { Last = last?.UtcDateTime ?? default, Next = next.UtcDateTime, LastUpdated = updated.UtcDateTime };

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Anything the schedule status's storage calls throw but the app stopping, not only the failures listed as
    /// transient: an exception that escaped would fault the listener, and that stops the whole app.
    /// </summary>
    private static bool IsStorageFailure(Exception ex, CancellationToken stoppingToken) =>
        ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested;

    private static string Unexpected(Exception ex) => TransientStorageError.Is(ex) ? string.Empty : $" (unexpected {ex.GetType().Name})";
}
