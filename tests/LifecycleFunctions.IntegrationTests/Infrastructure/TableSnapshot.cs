using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Every row of a table as one sorted line per row, for comparing two storage accounts: without what the service
/// stamps (Timestamp, ETag), and with the id of the run that wrote a value shown as &lt;run&gt;, since two runs
/// started at different moments have different ids.
/// </summary>
public static class TableSnapshot
{
    /// <param name="ignore">Further properties to leave out, such as those naming the run that wrote a row.</param>
    public static async Task<List<string>> ReadAsync(StorageClients storage, string table, string? runId, Func<string, bool>? ignore = null)
    {
        var rows = new List<string>();
        await foreach (var entity in storage.Table(table).QueryAsync<TableEntity>())
        {
            var properties = entity.Keys.Where(k => k is not ("odata.etag" or "Timestamp") && ignore?.Invoke(k) != true).Order(StringComparer.Ordinal)
                .Select(k => $"{k}={Text(entity[k], runId)}");
            rows.Add(string.Join("|", properties));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string? Text(object? value, string? runId) => value switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        string text when runId is not null && text == runId => "<run>",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
