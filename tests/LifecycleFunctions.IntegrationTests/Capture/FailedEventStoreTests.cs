using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>The failed-events table as the replay lists it, on an Azurite of its own.</summary>
public sealed class FailedEventStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ListAsync_WithSources_ReturnsOnlyTheirRowsAndWithNoneEveryRow()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        await storage.Table(StorageNames.FailedEventsTable).CreateIfNotExistsAsync();
        var failures = new FailedEventStore(storage, TimeProvider.System);
        foreach (var source in new[] { StorageNames.AdEventsQueue, StorageNames.PurchaseEventsQueue, "v1-batch", "ad-events'or'x" })
        {
            await failures.RecordAsync(source, "m-1", "{}", "reason", 1, CancellationToken.None);
        }

        var some = await failures.ListAsync(new HashSet<string> { StorageNames.AdEventsQueue, "v1-batch" }, CancellationToken.None);
        var quoted = await failures.ListAsync(new HashSet<string> { "ad-events'or'x" }, CancellationToken.None);
        var all = await failures.ListAllAsync(CancellationToken.None);

        Assert.Equal([StorageNames.AdEventsQueue, "v1-batch"], some.Select(r => r.Event.Queue).Order(StringComparer.Ordinal));
        Assert.Equal("ad-events'or'x", Assert.Single(quoted).Event.Queue);
        Assert.Equal(4, all.Count);
    }
}
