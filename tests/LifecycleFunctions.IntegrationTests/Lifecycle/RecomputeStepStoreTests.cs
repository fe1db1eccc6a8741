using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>A run's step outputs and deltas as rows of one partition, with payloads cut into chunks or put in a blob.</summary>
public sealed class RecomputeStepStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly StorageClients _storage = new(azurite.ConnectionString);

    private async Task<RecomputeStepStore> StoreAsync()
    {
        await _storage.Table(StorageNames.RecomputeStepsTable).CreateIfNotExistsAsync();
        await _storage.Container(StorageNames.LifecycleContainer).CreateIfNotExistsAsync();
        return new RecomputeStepStore(_storage);
    }

    private static RecomputeWorkItem Fold(string runId, int shard) =>
        new(new RecomputeRun(runId, new DateOnly(2026, 11, 30), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)), RecomputePhase.Fold, shard);

    [Fact]
    public async Task ReadDeltasAsync_WithDeltasForSeveralShards_ReturnsOnlyThatShardsMergedPerPerson()
    {
        var store = await StoreAsync();
        var run = "deltas-" + Guid.NewGuid().ToString("N");
        await store.WriteStepAsync(Fold(run, 3), new ShardStepOutput { Events = 2 }, new Dictionary<int, List<PersonState>>
        {
            [5] = [Person("u:ann", "a@example.com")],
            [0x50] = [Person("u:bob", "b@example.com")],
        }, CancellationToken.None);
        await store.WriteStepAsync(Fold(run, 7), new ShardStepOutput { Events = 1 }, new Dictionary<int, List<PersonState>>
        {
            [5] = [Person("u:ann", null, "a:visitor")],
        }, CancellationToken.None);

        var deltas = await store.ReadDeltasAsync(run, 5, CancellationToken.None);

        var ann = Assert.Single(deltas).Value;
        Assert.Equal("a@example.com", ann.Email);
        Assert.Equal(["a:visitor"], ann.MergedKeys);
        Assert.Equal(["u:bob"], (await store.ReadDeltasAsync(run, 0x50, CancellationToken.None)).Keys);
    }

    [Fact]
    public async Task WriteStepAsync_WithDeltasPastTheInlineLimit_KeepsThemInABlobAndReadsThemBack()
    {
        var store = await StoreAsync();
        var run = "large-" + Guid.NewGuid().ToString("N");

        // Random keys do not compress: 2,500 people of 20 keys each are well past the 512 KiB a row holds.
        var people = Enumerable.Range(0, 2_500).Select(i => Person($"u:{i:0000}", null, [.. Enumerable.Range(0, 20).Select(_ => "a:" + Guid.NewGuid().ToString("N"))])).ToList();
        var small = Enumerable.Range(0, 300).Select(i => Person($"u:small-{i:000}", null, [.. Enumerable.Range(0, 20).Select(_ => "a:" + Guid.NewGuid().ToString("N"))])).ToList();
        await store.WriteStepAsync(Fold(run, 1), new ShardStepOutput { Events = 2_500 }, new Dictionary<int, List<PersonState>> { [2] = people, [4] = small }, CancellationToken.None);

        var read = await store.ReadDeltasAsync(run, 2, CancellationToken.None);
        var chunked = await store.ReadDeltasAsync(run, 4, CancellationToken.None);

        Assert.Equal(people.Select(p => p.Key), read.Keys.Order(StringComparer.Ordinal));
        Assert.All(people, p => Assert.Equal(p.MergedKeys, read[p.Key].MergedKeys));
        Assert.Equal(small.Select(p => p.Key), chunked.Keys.Order(StringComparer.Ordinal));
        var rows = await RowsAsync(run);
        Assert.Equal("runs/" + run + "/delta-02-01.json.gz", rows["delta-02-01"].GetString(RunRowPayload.BlobProperty));
        Assert.True(rows["delta-04-01"].ContainsKey("Data1"), "The smaller delta should span more than one 64 KiB property.");
        Assert.True((await _storage.Container(StorageNames.LifecycleContainer).GetBlobClient($"runs/{run}/delta-02-01.json.gz").ExistsAsync()).Value);
    }

    [Fact]
    public async Task DeleteRunAsync_AfterALargeStep_RemovesItsRowsAndBlobs()
    {
        var store = await StoreAsync();
        var run = "delete-" + Guid.NewGuid().ToString("N");
        var people = Enumerable.Range(0, 2_500).Select(i => Person($"u:{i:0000}", null, [.. Enumerable.Range(0, 20).Select(_ => "a:" + Guid.NewGuid().ToString("N"))])).ToList();
        await store.WriteStepAsync(Fold(run, 1), new ShardStepOutput(), new Dictionary<int, List<PersonState>> { [2] = people }, CancellationToken.None);

        await store.DeleteRunAsync(run, CancellationToken.None);

        Assert.Empty(await RowsAsync(run));
        Assert.False((await _storage.Container(StorageNames.LifecycleContainer).GetBlobClient($"runs/{run}/delta-02-01.json.gz").ExistsAsync()).Value);
    }

    [Fact]
    public async Task DoneStepsAsync_WithSomeStepsWritten_ListsThemAndReadOutputsAsyncReturnsTheirOutputs()
    {
        var store = await StoreAsync();
        var run = "done-" + Guid.NewGuid().ToString("N");
        await store.WriteStepAsync(Fold(run, 0), new ShardStepOutput { Events = 4 }, null, CancellationToken.None);
        await store.WriteStepAsync(Fold(run, 9) with { Phase = RecomputePhase.Classify, Round = 2 }, new ShardStepOutput { People = 3, ForwardedTo = [1] }, null, CancellationToken.None);

        var done = await store.DoneStepsAsync(run, CancellationToken.None);
        var outputs = await store.ReadOutputsAsync(run, ["fold-00", "classify-09-r2"], CancellationToken.None);

        Assert.Equal(["classify-09-r2", "fold-00"], done.Order(StringComparer.Ordinal));
        Assert.True(await store.IsDoneAsync(run, "fold-00", CancellationToken.None));
        Assert.False(await store.IsDoneAsync(run, "fold-01", CancellationToken.None));
        Assert.Equal(4, outputs["fold-00"].Events);
        Assert.Equal([1], outputs["classify-09-r2"].ForwardedTo);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReadOutputsAsync(run, ["fold-01"], CancellationToken.None));
        Assert.Contains("fold-01", missing.Message, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, TableEntity>> RowsAsync(string run)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in _storage.Table(StorageNames.RecomputeStepsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {run}")))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }

    private static PersonState Person(string key, string? email, params string[] merged)
    {
        var state = new PersonState { Key = key, Email = email };
        foreach (var k in merged)
        {
            state.MergedKeys.Add(k);
        }

        return state;
    }
}
