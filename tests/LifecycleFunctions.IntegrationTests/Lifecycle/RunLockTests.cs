using Azure.Storage.Blobs.Specialized;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// The recompute lock after its holder died: a lease taken and then neither renewed nor released, as a killed
/// process leaves it. The class has an Azurite of its own, so its lock is no other test's.
/// </summary>
public sealed class RunLockTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TryLock_AfterItsHolderDied_IsTakenOverOnceTheShortLeaseLapses()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString);
        await LeaveADeadHoldersLeaseAsync(app.Storage);
        var runs = app.Services.GetRequiredService<LifecycleRunStore>();

        RunLock? held = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (held is null && DateTime.UtcNow < deadline)
        {
            held = await runs.TryLockAsync(TimeSpan.Zero, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.NotNull(held);
        Assert.Null(await runs.TryLockAsync(TimeSpan.Zero, CancellationToken.None));
        await held.DisposeAsync();
    }

    [Fact]
    public async Task RecomputeOnDemand_RightAfterTheLockHolderDied_TakesTheLockOverAndRuns()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        await LeaveADeadHoldersLeaseAsync(app.Storage);

        var result = await app.Services.GetRequiredService<LifecycleRecompute>().RunOnDemandAsync(null, app.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);

        Assert.False(result.Skipped);
        Assert.False(await app.Services.GetRequiredService<LifecycleRunStore>().IsRecomputeRunningAsync(CancellationToken.None));
    }

    /// <summary>
    /// Storage that takes connections and never answers (a black-holed path): one SDK call waits its network timeout,
    /// minutes, while the 15 s lease lapses and another instance may take the lock. The holder learns it in time.
    /// </summary>
    [Fact]
    public async Task RunLock_WhoseRenewalsStorageNeverAnswers_IsLostBeforeTheLeaseLapses()
    {
        await using var proxy = StorageProxy.Start(azurite.ConnectionString);
        await using var app = await TestApp.StartAsync(proxy.ConnectionString);
        var runs = app.Services.GetRequiredService<LifecycleRunStore>();
        await using var held = await runs.TryLockAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.NotNull(held);

        proxy.Silence();
        var silenced = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(40), held.Lost));

        Assert.True(held.Lost.IsCancellationRequested, "The lock was still thought held 40 s after storage stopped answering.");
        Assert.True(silenced.Elapsed < RunLock.LeaseDuration + TimeSpan.FromSeconds(1), $"Lost after {silenced.Elapsed}: the lease had lapsed by then.");
        proxy.Restore();
    }

    /// <summary>A recompute whose lock lapses stops with that reason instead of going on (and committing) beside the next run.</summary>
    [Fact]
    public async Task Recompute_WhenStorageStopsAnsweringMidRun_StopsOnceItsLockIsLost()
    {
        await using var proxy = StorageProxy.Start(azurite.ConnectionString);
        await using var app = await TestApp.StartAsync(proxy.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        await MixedTraffic.IngestAsync(app.Http, app.Storage);
        var silencing = new SilencingDispatcher(app.Services.GetRequiredService<InProcessShardDispatcher>(), proxy);
        var recompute = app.Services.GetRequiredService<LifecycleRecompute>().RunOnDemandAsync(null, silencing, null, CancellationToken.None);

        var ended = await Task.WhenAny(recompute, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.True(ended == recompute, "The run went on for a minute after its lock could have lapsed.");
        var lost = await Assert.ThrowsAsync<RunLockLostException>(() => recompute);
        Assert.Contains("The recompute lock lapsed under this run", lost.Message, StringComparison.Ordinal);
        proxy.Restore();
    }

    /// <summary>Runs the fold phase, then black-holes storage before the classify phase.</summary>
    private sealed class SilencingDispatcher(IShardDispatcher inner, StorageProxy proxy) : IShardDispatcher
    {
        public Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        {
            if (items[0].Phase == RecomputePhase.Classify)
            {
                proxy.Silence();
            }

            return inner.RunAsync(items, progress, cancellationToken);
        }
    }

    private static async Task LeaveADeadHoldersLeaseAsync(StorageClients storage)
    {
        var container = storage.Container(StorageNames.LifecycleContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("locks/recompute");
        if (!(await blob.ExistsAsync()).Value)
        {
            await blob.UploadAsync(BinaryData.FromString(string.Empty));
        }

        // A lease another test left is broken first, so each test starts from a lease just taken.
        var lease = blob.GetBlobLeaseClient();
        if ((await blob.GetPropertiesAsync()).Value.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased)
        {
            await lease.BreakAsync(TimeSpan.Zero);
        }

        await lease.AcquireAsync(RunLock.LeaseDuration);
    }
}
