using LifecycleFunctions.App.Functions;
using Microsoft.Azure.Functions.Worker;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>The nightly timer function, through the shard queues, on its own storage (the run state is global).</summary>
public sealed class NightlyAsOfTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RecomputeLifecycle_AroundARunByHandToday_ClassifiesAsOfTheLastCompleteDayAndNeverStepsBack()
    {
        // The app's own timer would fire as the test moves the clock past 02:00 and take the lock from the test's runs.
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["AzureWebJobs.RecomputeLifecycle.Disabled"] = "true" });
        var runs = app.Services.GetRequiredService<LifecycleRunStore>();

        await NightlyAsync(app);
        Assert.Equal(new DateOnly(2026, 11, 22), (await runs.ReadStateAsync(CancellationToken.None)).LastAsOf);

        // By hand, the default is today; a nightly catch-up later that day must not go back to yesterday.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<LifecycleRecompute>().RunAsync(null, app.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 11, 23), (await runs.ReadStateAsync(CancellationToken.None)).LastAsOf);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await NightlyAsync(app);
        Assert.Equal(new DateOnly(2026, 11, 23), (await runs.ReadStateAsync(CancellationToken.None)).LastAsOf);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        await NightlyAsync(app);
        Assert.Equal(new DateOnly(2026, 11, 24), (await runs.ReadStateAsync(CancellationToken.None)).LastAsOf);
    }

    private static Task NightlyAsync(TestApp app)
    {
        // The function called as either host calls it, with the timer's argument.
        return ActivatorUtilities.CreateInstance<RecomputeLifecycle>(app.Services).RunAsync(new TimerInfo(), CancellationToken.None);
    }
}
