using System.Text.Json;
using Azure.Storage.Queues;
using LifecycleFunctions.App.Cli;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Replay;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Cli;

/// <summary>
/// How a replay holds poison messages, against a real Azurite: each one invisible only while it is in hand.
/// The class has an Azurite of its own, and each test a poison queue of its own source.
/// </summary>
public sealed class ReplayPoisonQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RunAsync_WithPlannedPoisonMessages_HidesNoneButTheOneInHandAndDeletesEachOnceSent()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.PurchaseEventsQueue, 3);
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();

        var prepared = await replayer.PrepareAsync(new HashSet<string> { StorageNames.PurchaseEventsQueue }, null, CancellationToken.None);

        Assert.Equal(3, prepared.Plan.Items.Count);
        Assert.Equal(3, Visible(poison));
        var visibleAfterEach = new List<int>();
        var done = await replayer.RunAsync(prepared, new SynchronousProgress<int>(_ => visibleAfterEach.Add(Visible(poison))), CancellationToken.None);

        Assert.All(done, d => Assert.Equal(ReplayOutcome.Resent, d.Outcome));
        Assert.Equal([2, 1, 0], visibleAfterEach);
        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(3, (await Storage.Queue(StorageNames.PurchaseEventsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task RunAsync_WithPoisonMessageReceivedByAnotherReplayMeanwhile_LeavesItToThemAndSendsTheRest()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.AdEventsQueue, 2);
        var replayer = app.Services.GetRequiredService<FailedInputReplayer>();
        var prepared = await replayer.PrepareAsync(new HashSet<string> { StorageNames.AdEventsQueue }, null, CancellationToken.None);

        var theirs = Assert.Single((await poison.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value);
        var done = await replayer.RunAsync(prepared, new SynchronousProgress<int>(_ => { }), CancellationToken.None);

        Assert.Equal(ReplayOutcome.TakenElsewhere, Assert.Single(done, d => d.Item.Poisoned!.MessageId == theirs.MessageId).Outcome);
        Assert.Equal(ReplayOutcome.Resent, Assert.Single(done, d => d.Item.Poisoned!.MessageId != theirs.MessageId).Outcome);
        Assert.Equal(1, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(1, (await Storage.Queue(StorageNames.AdEventsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task PrepareAsync_WithReceiveFailingAfterTheFirst_ReleasesWhatItReceivedBeforeTheFailureSurfaces()
    {
        await using var app = await BuildAsync();
        var poison = await PoisonQueueWithAsync(StorageNames.WebsiteEventsQueue, 2);
        var failing = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString }, new FailingPoisonReceive(receivesBeforeFailure: 1));
        var replayer = ActivatorUtilities.CreateInstance<FailedInputReplayer>(app.Services, new PoisonQueues(failing));

        await Assert.ThrowsAsync<StorageOutageException>(() => replayer.PrepareAsync(new HashSet<string> { StorageNames.WebsiteEventsQueue }, null, CancellationToken.None));

        Assert.Equal(2, Visible(poison));
    }

    private StorageClients Storage => new(azurite.ConnectionString);

    /// <summary>The app as `lifecycle replay-failed` builds it (system time, not started), against this class's Azurite.</summary>
    private async Task<WebApplication> BuildAsync()
    {
        await Storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        return LifecycleHost.Build([$"--Storage:ConnectionString={azurite.ConnectionString}", "--Logging:LogLevel:Default=Warning"]);
    }

    private async Task<QueueClient> PoisonQueueWithAsync(string queue, int count)
    {
        await Storage.Queue(queue).CreateIfNotExistsAsync();
        var poison = Storage.Queue(StorageNames.PoisonQueue(queue));
        await poison.CreateIfNotExistsAsync();
        for (var i = 0; i < count; i++)
        {
            await poison.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId = SegmentClient.NewId("poisoned"), userId = "u-lease", amount = 1 }));
        }

        return poison;
    }

    private static int Visible(QueueClient queue) => queue.PeekMessages(32).Value.Length;
}
