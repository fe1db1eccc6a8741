using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Standalone mode's timer trigger, with the Functions host's schedule monitor: the last run is kept in Blob,
/// so an occurrence missed while the app was down runs once at start (IsPastDue), and one instance's run is
/// seen by the others.
/// </summary>
public sealed class TimerTriggerListener(
    FunctionDeclaration declaration,
    IConfiguration configuration,
    IServiceProvider services,
    LifecycleRunStore runs,
    TimeProvider time,
    ILogger<TimerTriggerListener> logger) : BackgroundService
{
    private readonly StorageOutageLog _outage = new(logger, time, $"Timer {declaration.Name}");

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
        var schedule = TimerSchedule.Parse(declaration.Trigger.Schedule ?? throw new InvalidOperationException($"{declaration.Path}: a timerTrigger needs a schedule."), configuration);
        var function = services.GetRequiredKeyedService<ITimerFunction>(declaration.Name);
        logger.LogInformation("Timer {Function} on schedule {Schedule}", declaration.Name, schedule.Expression);

        var status = await CatchUpStatusAsync(stoppingToken);
        var now = time.GetUtcNow();
        if (status is null)
        {
            await TryWriteStatusAsync(new ScheduleStatus(now, schedule.Next(now), now));
        }
        else if (schedule.Next(status.Last) <= now)
        {
            var missed = schedule.Next(status.Last);
            logger.LogWarning("Timer {Function} missed its run at {Missed}; running it now", declaration.Name, missed);
            await InvokeAsync(function, schedule, new TimerTriggerInfo(true, missed, status.Last, schedule.Next(now)), stoppingToken);
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
            await InvokeAsync(function, schedule, new TimerTriggerInfo(false, next, last, schedule.Next(next)), stoppingToken);
        }
    }

    private async Task InvokeAsync(ITimerFunction function, TimerSchedule schedule, TimerTriggerInfo info, CancellationToken stoppingToken)
    {
        try
        {
            await function.RunAsync(info, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // As on Azure: a failed occurrence is logged and the schedule goes on (a cancellation that is not the
            // app stopping is the function's own timeout, a failure like any other).
            logger.LogError(ex, "Timer {Function} failed for its occurrence at {ScheduledFor}", declaration.Name, info.ScheduledFor);
        }

        var now = time.GetUtcNow();
        await TryWriteStatusAsync(new ScheduleStatus(info.ScheduledFor, schedule.Next(now), now));
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
                var status = await runs.ReadScheduleAsync(declaration.Name, stoppingToken);
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
            var last = (await runs.ReadScheduleAsync(declaration.Name, stoppingToken))?.Last;
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
            await runs.WriteScheduleAsync(declaration.Name, status, CancellationToken.None);
            _outage.Succeeded();
        }
        catch (Exception ex) when (IsStorageFailure(ex, CancellationToken.None))
        {
            // The next occurrence writes it again; until then a restart may run this occurrence once more, as on Azure.
            _outage.Failed(ex, $"recording the schedule status{Unexpected(ex)}");
        }
    }

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Anything the schedule status's storage calls throw but the app stopping, not only the failures listed as
    /// transient: an exception that escaped would fault the listener, and that stops the whole app.
    /// </summary>
    private static bool IsStorageFailure(Exception ex, CancellationToken stoppingToken) =>
        ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested;

    private static string Unexpected(Exception ex) => TransientStorageError.Is(ex) ? string.Empty : $" (unexpected {ex.GetType().Name})";
}
