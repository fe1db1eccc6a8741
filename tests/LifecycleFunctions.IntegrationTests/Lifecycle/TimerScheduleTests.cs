using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Azure.Functions.Worker;
using ScheduleStatus = LifecycleFunctions.Storage.Lifecycle.ScheduleStatus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

[Collection(LifecycleCollection.Name)]
public sealed class TimerScheduleTests(LifecycleAppFixture fixture)
{
    [Fact]
    public async Task TimerListener_WithTwoRunsMissedWhileDown_CatchesUpOnceThenKeepsTheSchedule()
    {
        var name = "Nightly" + Guid.NewGuid().ToString("N")[..8];
        var runs = new LifecycleRunStore(fixture.App.Storage);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await runs.WriteScheduleAsync(name, new ScheduleStatus(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), time.GetUtcNow()), CancellationToken.None);
        var timer = new RecordingTimer();
        using var listener = Listener(name, "%Nightly:Schedule%", timer, runs, time);

        await listener.StartAsync(CancellationToken.None);
        await timer.WaitForAsync(1);

        // As the Functions host passes it: past due, with the last run recorded (the 21st) and the next to come.
        var caughtUp = timer.Invocations[0];
        Assert.True(caughtUp.IsPastDue);
        Assert.Equal(new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc), caughtUp.ScheduleStatus!.Last);
        Assert.Equal(new DateTime(2026, 11, 24, 2, 0, 0, DateTimeKind.Utc), caughtUp.ScheduleStatus.Next);
        // The catch-up stands for the latest missed occurrence, the 22nd, not each one missed.
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), (await runs.ReadScheduleAsync(name, CancellationToken.None))!.Last);

        // Night by night until the schedule fires: had the listener looked at the clock only after a step, it
        // waits for the following night, so no step can be missed, and no sleep has to guess how long it takes.
        var night = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (timer.Invocations.Count < 2 && DateTime.UtcNow < deadline)
        {
            time.SetUtcNow(night);
            await timer.WaitForAsync(2, TimeSpan.FromMilliseconds(500));
            night = night.AddDays(1);
        }

        await listener.StopAsync(CancellationToken.None);

        // The second invocation is on schedule, not past due: the catch-up happened once.
        Assert.Equal(2, timer.Invocations.Count);
        var onSchedule = timer.Invocations[1];
        Assert.False(onSchedule.IsPastDue);
        Assert.Equal(new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc), onSchedule.ScheduleStatus!.Last);
        var ranFor = (await runs.ReadScheduleAsync(name, CancellationToken.None))!.Last;
        Assert.Equal(new TimeSpan(2, 0, 0), ranFor.TimeOfDay);
        Assert.True(ranFor > new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(ranFor.AddDays(1).UtcDateTime, onSchedule.ScheduleStatus.Next);
    }

    [Fact]
    public async Task TimerListener_OnFirstStart_DoesNotRunUntilTheScheduleSaysSo()
    {
        var name = "Fresh" + Guid.NewGuid().ToString("N")[..8];
        var runs = new LifecycleRunStore(fixture.App.Storage);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var timer = new RecordingTimer();
        using var listener = Listener(name, "0 0 2 * * *", timer, runs, time);

        await listener.StartAsync(CancellationToken.None);
        await Task.Delay(1000);
        await listener.StopAsync(CancellationToken.None);

        Assert.Empty(timer.Invocations);
        Assert.NotNull(await runs.ReadScheduleAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task TimerListener_WithStorageRefusingItAtStart_KeepsRetryingInsteadOfStoppingTheApp()
    {
        // The right Azurite with a wrong key: every read of the schedule status fails at once (403).
        var key = Convert.ToBase64String(new byte[64]);
        var refusing = new LifecycleRunStore(new StorageClients(System.Text.RegularExpressions.Regex.Replace(fixture.ConnectionString, "AccountKey=[^;]+", "AccountKey=" + key)));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var timer = new RecordingTimer();
        var log = new CountingLogger();
        using var listener = Listener("Refused" + Guid.NewGuid().ToString("N")[..8], "0 0 2 * * *", timer, refusing, time, log);

        await listener.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (log.Failures < 3 && !listener.ExecuteTask!.IsCompleted && DateTime.UtcNow < deadline)
        {
            // Each failed read waits 5 s of the fake clock before the next: moving the clock lets it try again.
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(200);
        }

        Assert.False(listener.ExecuteTask!.IsCompleted, "The listener gave up (and would have stopped the app).");
        Assert.True(log.Failures >= 3, "The read failed and was tried again.");

        // One outage, one warning: the retries are at Debug.
        Assert.Equal(1, log.Warnings);
        Assert.Empty(timer.Invocations);
        await listener.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("0 0 2 * *")]
    [InlineData("every night")]
    public void TimerSchedule_WithWrongExpression_ExplainsTheSixFieldFormat(string expression)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse(expression, new ConfigurationBuilder().Build()));

        Assert.Contains("six fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimerSchedule_WithUnsetAppSetting_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse("%Missing:Schedule%", new ConfigurationBuilder().Build()));

        Assert.Contains("Missing:Schedule", error.Message, StringComparison.Ordinal);
    }

    private static TimerTriggerListener Listener(string name, string schedule, RecordingTimer timer, LifecycleRunStore runs, TimeProvider time, ILogger<TimerTriggerListener>? logger = null)
    {
        var trigger = new FunctionBinding { Type = "timerTrigger", Direction = "In", Name = "timer", Schedule = schedule, UseMonitor = true };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Nightly:Schedule"] = "0 0 2 * * *" }).Build();
        return new TimerTriggerListener(name, trigger, timer.RunAsync, configuration, runs, time, logger ?? NullLogger<TimerTriggerListener>.Instance);
    }

    private sealed class CountingLogger : ILogger<TimerTriggerListener>
    {
        private int _warnings;
        private int _failures;

        public int Warnings => Volatile.Read(ref _warnings);

        /// <summary>Each failed call, logged with its exception at Debug.</summary>
        public int Failures => Volatile.Read(ref _failures);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _warnings);
            }

            if (logLevel == LogLevel.Debug && exception is not null)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    private sealed class RecordingTimer
    {
        private readonly List<TimerInfo> _invocations = [];

        public IReadOnlyList<TimerInfo> Invocations
        {
            get
            {
                lock (_invocations)
                {
                    return [.. _invocations];
                }
            }
        }

        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
        {
            lock (_invocations)
            {
                _invocations.Add(timer);
            }

            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count, TimeSpan? patience = null)
        {
            var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(15));
            while (Invocations.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
