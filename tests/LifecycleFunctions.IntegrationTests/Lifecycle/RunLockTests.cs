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
