using Azure.Data.Tables;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;

namespace LifecycleFunctions.App.Demo;

/// <summary>What the event store holds, read back from the tables for the demo's closing report.</summary>
public sealed record StoredEventSummary(
    IReadOnlyList<(string Source, string Type, int Count)> ByType,
    int People,
    decimal Revenue,
    IReadOnlyList<FailedEvent> Failures)
{
    public int Total => ByType.Sum(t => t.Count);

    public static async Task<StoredEventSummary> ReadAsync(StorageClients storage, FailedEventStore failures, IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string, string), int>();
        var people = new HashSet<string>(StringComparer.Ordinal);
        var revenue = 0m;
        var select = new[] { "Source", "Type", "PersonKey", "Amount" };
        await foreach (var e in storage.Table(StorageNames.EventsTable).QueryAsync<TableEntity>(select: select, cancellationToken: cancellationToken))
        {
            var key = (e.GetString("Source") ?? "?", e.GetString("Type") ?? "?");
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (e.GetString("PersonKey") is { } person)
            {
                people.Add(person);
            }

            if (key.Item2 == Domain.Capture.EventTypes.OrderCompleted && e.GetString("Amount") is { } amount)
            {
                revenue += decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var failed = new List<FailedEvent>();
        foreach (var queue in queues)
        {
            // A record marked as replayed was sent: it is kept only to recognise its poison message, not a failure.
            failed.AddRange((await failures.ListAsync(queue, cancellationToken)).Where(f => f.ReplayedAt is null));
        }

        return new StoredEventSummary(
            counts.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).OrderBy(t => t.Item1, StringComparer.Ordinal).ThenBy(t => t.Item2, StringComparer.Ordinal).ToList(),
            people.Count,
            revenue,
            failed);
    }
}
