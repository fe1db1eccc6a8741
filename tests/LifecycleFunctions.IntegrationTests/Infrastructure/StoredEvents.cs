using Azure.Data.Tables;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Reads what the queue functions stored, waiting for the asynchronous hop through the queue.</summary>
public static class StoredEvents
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<List<TableEntity>> WhereAsync(StorageClients storage, string table, string filter)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in storage.Table(table).QueryAsync<TableEntity>(filter))
        {
            list.Add(entity);
        }

        return list;
    }

    /// <summary>Polls until at least <paramref name="expected"/> entities match, then waits a moment longer to catch extra (duplicate) ones.</summary>
    public static async Task<List<TableEntity>> WaitForAsync(StorageClients storage, string filter, int expected = 1, string table = StorageNames.EventsTable)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var found = await WhereAsync(storage, table, filter);
            if (found.Count >= expected)
            {
                await Task.Delay(300);
                return await WhereAsync(storage, table, filter);
            }

            if (DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    public static string ByMessageId(string messageId) => TableClient.CreateQueryFilter($"MessageId eq {messageId}");

    public static string ByPerson(string personKey) => TableClient.CreateQueryFilter($"PersonKey eq {personKey}");
}
