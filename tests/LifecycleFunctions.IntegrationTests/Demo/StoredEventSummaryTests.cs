using LifecycleFunctions.App.Demo;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;

namespace LifecycleFunctions.IntegrationTests.Demo;

/// <summary>The demo's closing report read back from a real Azurite of its own.</summary>
public sealed class StoredEventSummaryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ReadAsync_WithARecordMarkedAsReplayed_CountsOnlyTheUnsentRecordsAsFailures()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        await storage.Table(StorageNames.EventsTable).CreateIfNotExistsAsync();
        await storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        var failures = new FailedEventStore(storage, TimeProvider.System);
        await failures.RecordAsync(StorageNames.AdEventsQueue, "sent", "{\"type\":\"click\"}", "Poisoned: CaptureAdEvent failed on each of 5 attempts", 5, CancellationToken.None);
        await failures.RecordAsync(StorageNames.AdEventsQueue, "unsent", "{\"type\":\"view\"}", "type [allowed]: 'view' is not an ad event type.", 1, CancellationToken.None);
        var sent = Assert.Single(await failures.ListAllAsync(CancellationToken.None), r => r.Event.MessageId == "sent");
        Assert.True(await failures.MarkReplayedIfUnchangedAsync(sent, DateTimeOffset.UtcNow, CancellationToken.None));

        var summary = await StoredEventSummary.ReadAsync(storage, failures, [StorageNames.AdEventsQueue], CancellationToken.None);

        Assert.Equal("unsent", Assert.Single(summary.Failures).MessageId);
    }
}
