using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// identities table: which key (an anonymous id, an earlier user id) became which person. Partition = the
/// shard of the key that was merged, so the worker of that shard loads exactly the links it needs.
/// </summary>
public sealed class IdentityLinkStore(StorageClients clients) : IIdentityLinkStore
{
    private readonly TableClient _table = clients.Table(StorageNames.IdentitiesTable);

    public async Task<Dictionary<string, string>> LoadShardAsync(int shard, CancellationToken cancellationToken)
    {
        var partition = shard.ToString("x2", CultureInfo.InvariantCulture);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            links[entity.GetString("From")] = entity.GetString("To");
        }

        return links;
    }

    public Task SaveAsync(IReadOnlyDictionary<string, string> links, CancellationToken cancellationToken) => TableBatches.UpsertAsync(
        _table,
        links.Select(l => new TableEntity(PersonStateStore.Partition(l.Key), StoredKey.Escape(l.Key)) { ["From"] = l.Key, ["To"] = l.Value }),
        cancellationToken);
}
