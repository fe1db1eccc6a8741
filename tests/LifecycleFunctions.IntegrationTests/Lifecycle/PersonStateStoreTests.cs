using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// Forwarding a delta into a person's row must keep asking for that row to be classified until a classify has
/// written it: a classify attempt that forwarded and then failed, or a run that crashed right after
/// forwarding, must not leave the person's stage and member row as they were before the merge.
/// </summary>
public sealed class PersonStateStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset FirstOrder = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private async Task<PersonStateStore> StoreAsync()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        await storage.Table(StorageNames.PersonStatesTable).CreateIfNotExistsAsync();
        return new PersonStateStore(storage);
    }

    [Fact]
    public async Task ForwardAsync_AgainBeforeTheTargetWasClassified_StillAsksForItsShard()
    {
        var store = await StoreAsync();
        var key = "u:forward-again";
        await ClassifiedAsync(store, key, null);

        var first = await store.ForwardAsync(key, GoogleVisit("a:forward-again"), CancellationToken.None);
        var again = await store.ForwardAsync(key, GoogleVisit("a:forward-again"), CancellationToken.None);

        Assert.Equal((key, true), first);
        Assert.Equal((key, true), again);
        var row = await store.GetAsync(key, CancellationToken.None);
        Assert.True(row!.Pending);
        Assert.Equal("google", row.State.FirstTouchChannel);
    }

    [Fact]
    public async Task ForwardAsync_AgainAfterTheTargetWasClassified_AsksForNothing()
    {
        var store = await StoreAsync();
        var key = "u:forward-classified";
        await ClassifiedAsync(store, key, null);
        await store.ForwardAsync(key, GoogleVisit("a:forward-classified"), CancellationToken.None);
        var merged = await store.GetAsync(key, CancellationToken.None);

        await ClassifiedAsync(store, key, merged);
        var again = await store.ForwardAsync(key, GoogleVisit("a:forward-classified"), CancellationToken.None);

        Assert.Equal((key, false), again);
        Assert.False((await store.GetAsync(key, CancellationToken.None))!.Pending);
    }

    [Fact]
    public async Task WriteAsync_NewPersonWhomAForwardCreatedMeanwhile_TakesTheForwardInAndStaysPending()
    {
        // Classify saw no row for this person; another shard's classify forwarded a visit before the write.
        var store = await StoreAsync();
        var key = "u:created-meanwhile";
        await store.ForwardAsync(key, GoogleVisit("a:created-meanwhile"), CancellationToken.None);

        await ClassifiedAsync(store, key, null);

        var row = await store.GetAsync(key, CancellationToken.None);
        Assert.True(row!.Pending);
        Assert.Equal("google", row.State.FirstTouchChannel);
        Assert.Single(row.State.Orders);
        Assert.Equal(LifecycleStage.Conversion, row.Stage);
    }

    [Fact]
    public async Task WriteAsync_KnownPersonIntoWhomAForwardMergedMeanwhile_KeepsBothAndStaysPending()
    {
        var store = await StoreAsync();
        var key = "u:merged-meanwhile";
        await ClassifiedAsync(store, key, null);
        var read = await store.GetAsync(key, CancellationToken.None);
        await store.ForwardAsync(key, GoogleVisit("a:merged-meanwhile"), CancellationToken.None);

        var later = read!.State;
        later.AddOrder(OrderFact.Completion(key + "-2", FirstOrder.AddDays(5), 15m));
        await store.WriteAsync([new PersonWrite(later, PersonStateJson.Serialize(later), read.Version, LifecycleStage.Retention, DateOnly.FromDateTime(FirstOrder.AddDays(5).UtcDateTime), "hash-2", null, null)], CancellationToken.None);

        var row = await store.GetAsync(key, CancellationToken.None);
        Assert.True(row!.Pending);
        Assert.Equal("google", row.State.FirstTouchChannel);
        Assert.Equal(2, row.State.Orders.Count);
        Assert.Equal(LifecycleStage.Retention, row.Stage);
    }

    /// <summary>Writes the row as classify does: a replace with the stage, which drops the pending mark.</summary>
    private static async Task ClassifiedAsync(PersonStateStore store, string key, PersonRow? read)
    {
        var state = read?.State ?? Customer(key);
        await store.WriteAsync([new PersonWrite(state, PersonStateJson.Serialize(state), read?.Version, LifecycleStage.Conversion, DateOnly.FromDateTime(FirstOrder.UtcDateTime), "hash", null, null)], CancellationToken.None);
    }

    private static PersonState Customer(string key)
    {
        var state = new PersonState { Key = key };
        state.Seen(FirstOrder);
        state.Identified(FirstOrder);
        state.AddOrder(OrderFact.Completion(key + "-1", FirstOrder, 40m));
        return state;
    }

    private static PersonState GoogleVisit(string key)
    {
        var state = new PersonState { Key = key };
        state.Seen(FirstOrder.AddDays(-3));
        state.AddTouch(new Touch(FirstOrder.AddDays(-3), "google", "launch", "google", "cpc", null));
        return state;
    }
}
