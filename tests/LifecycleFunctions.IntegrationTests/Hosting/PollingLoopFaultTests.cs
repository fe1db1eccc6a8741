using System.Text.Json;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// A polling loop meets an exception type that no list of storage failures names. Escaping, it would fault its
/// BackgroundService, and .NET's default (StopHost) would take the whole app down with it: instead it is
/// logged once, retried with back-off, and the loop goes on when storage behaves again.
/// </summary>
public sealed class PollingLoopFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task QueueListener_WithAnUnexpectedExceptionWhileReceiving_KeepsPollingAndStoresTheMessageAfterwards()
    {
        var failure = new UnexpectedStorageFailure(r => r.Method == Azure.Core.RequestMethod.Get && r.Uri.Path.EndsWith($"/{StorageNames.PurchaseEventsQueue}/messages", StringComparison.Ordinal));
        var log = new RecordingLogger();
        await using var app = await StartAsync(failure, log);
        var storage = new StorageClients(azurite.ConnectionString);
        var orderId = "unexpected-" + Guid.NewGuid().ToString("N")[..8];

        failure.Arm();
        await storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = orderId + "-buyer", amount = 12 }));
        await UntilAsync(() => failure.Thrown >= 3, "the listener to poll again after an unexpected exception");
        Assert.False(Stopping(app), "The app is stopping: the listener's exception ended its BackgroundService.");

        failure.Disarm();
        var stored = await StoredEvents.WaitForAsync(storage, $"OrderId eq '{orderId}'");

        Assert.Single(stored);
        Assert.False(Stopping(app));
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith($"Queue {StorageNames.PurchaseEventsQueue}:", StringComparison.Ordinal));
        Assert.Contains("InvalidOperationException: Simulated unexpected failure", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerListener_WithAnUnexpectedExceptionReadingItsScheduleAtStart_KeepsTheAppAndRecordsTheScheduleOnceStorageBehaves()
    {
        const string Timer = "RecomputeLifecycle";
        var failure = new UnexpectedStorageFailure(r => r.Uri.Path.EndsWith($"/schedule/{Timer}.json", StringComparison.Ordinal));
        var log = new RecordingLogger();
        var schedule = new StorageClients(azurite.ConnectionString).Container(StorageNames.LifecycleContainer).GetBlobClient($"schedule/{Timer}.json");

        // Another test's app may have recorded it: the timer must find none, and write it once it can read.
        await schedule.DeleteIfExistsAsync();
        failure.Arm();
        await using var app = await StartAsync(failure, log);

        // The timer's clock is the test's: each step lets one back-off delay pass.
        await UntilAsync(() => { app.Time.Advance(TimeSpan.FromSeconds(1)); return failure.Thrown >= 3; }, "the timer to read its schedule again after an unexpected exception");
        Assert.False(Stopping(app), "The app is stopping: the timer's exception ended its BackgroundService.");

        failure.Disarm();
        await UntilAsync(() => { app.Time.Advance(TimeSpan.FromSeconds(1)); return schedule.Exists().Value; }, "the timer to record its schedule once storage behaves");

        Assert.False(Stopping(app));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith($"Timer {Timer}:", StringComparison.Ordinal) && e.Message.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    private Task<TestApp> StartAsync(UnexpectedStorageFailure failure, RecordingLogger log) =>
        TestApp.StartAsync(azurite.ConnectionString, services =>
        {
            services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, failure));
            services.AddSingleton<ILoggerProvider>(log);
        });

    private static bool Stopping(TestApp app) => app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Patience} for {what}.");
            await Task.Delay(100);
        }
    }
}
