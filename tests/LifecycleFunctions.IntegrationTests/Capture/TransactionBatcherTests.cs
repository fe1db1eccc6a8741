using Azure.Data.Tables;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// The group commit shares transactions between callers (one per queue message); a transaction the store
/// refuses must not take every caller's entities down with it. Against Azurite, which enforces the service's
/// key limit (512 characters) and request limit (4 MiB).
/// </summary>
public sealed class TransactionBatcherTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task InsertAsync_WithOneCallersEntityTheStoreRefuses_StoresEveryOtherCallersEntities()
    {
        var table = await NewTableAsync();
        var batcher = new TransactionBatcher(table, linger: TimeSpan.FromMilliseconds(200));
        var hostileKey = new string('k', 600);

        // Twenty callers at once in one partition: with the linger, their entities share transactions.
        var calls = Enumerable.Range(0, 20).Select(caller => batcher.InsertAsync(Enumerable.Range(0, 5)
            .Select(i => new TableEntity("p", caller == 7 && i == 2 ? hostileKey : $"c{caller:00}-{i}"))
            .ToList())).ToList();
        var results = await Task.WhenAll(calls);

        Assert.All(results.Where((_, caller) => caller != 7), r => Assert.Equal((5, 0, 0), (r.Stored, r.Duplicates, r.Refused.Count)));
        Assert.Equal(4, results[7].Stored);
        var refused = Assert.Single(results[7].Refused);
        Assert.Equal(hostileKey, refused.Entity.RowKey);
        Assert.StartsWith("Table Storage refused it (400", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(99, await CountAsync(table));
    }

    [Fact]
    public async Task InsertAsync_WithTransactionOverTheRequestLimit_StoresEveryEntityInSmallerTransactions()
    {
        var table = await NewTableAsync();
        var batcher = new TransactionBatcher(table, linger: TimeSpan.FromMilliseconds(200));
        // 100 events of 30,000 non-ASCII characters: each legal alone, together well over the 4 MiB a transaction may carry.
        var text = new string('é', 30_000);

        var result = await batcher.InsertAsync(Enumerable.Range(0, 100).Select(i => new TableEntity("p", $"r{i:000}") { ["Payload"] = text }).ToList());

        Assert.Equal((100, 0, 0), (result.Stored, result.Duplicates, result.Refused.Count));
        Assert.Equal(100, await CountAsync(table));
    }

    [Fact]
    public async Task InsertAsync_WithRefusedEntityAndDuplicatesInOneTransaction_CountsEachForItsCaller()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "existing"));
        var batcher = new TransactionBatcher(table, linger: TimeSpan.FromMilliseconds(200));

        var first = batcher.InsertAsync([new TableEntity("p", "existing"), new TableEntity("p", "new-1")]);
        var second = batcher.InsertAsync([new TableEntity("p", new string('/', 3)), new TableEntity("p", "new-2")]);
        var results = await Task.WhenAll(first, second);

        Assert.Equal((1, 1, 0), (results[0].Stored, results[0].Duplicates, results[0].Refused.Count));
        Assert.Equal((1, 0, 1), (results[1].Stored, results[1].Duplicates, results[1].Refused.Count));
        Assert.Equal(3, await CountAsync(table));
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = new StorageClients(azurite.ConnectionString).Table("batcher" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
