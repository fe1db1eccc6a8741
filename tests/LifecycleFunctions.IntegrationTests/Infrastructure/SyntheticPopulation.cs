using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.App.Benchmarks;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// A seeded population of website visitors and buyers (the recompute benchmark's events), written straight into
/// the events table as the capture path stores them: the same seed gives the same events in any storage account.
/// </summary>
public static class SyntheticPopulation
{
    /// <returns>How many events were stored.</returns>
    public static async Task<int> LoadAsync(StorageClients storage, int people, int eventsPerPerson, DateOnly before, int seed)
    {
        var events = Events(people, eventsPerPerson, before, seed);
        var table = storage.Table(StorageNames.EventsTable);
        await table.CreateIfNotExistsAsync();
        var storedAt = DateTimeOffset.UtcNow;
        var chunks = events.Select(e => EventEntityMapper.ToEntity(e, storedAt)).GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TransactionBatcher.MaxTransactionSize));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, token) =>
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), token));
        return events.Count;
    }

    /// <summary>Each person's first event within the 400 days before the last 100, then one every 1 to 20 days, none on or after <paramref name="before"/>.</summary>
    private static List<CapturedEvent> Events(int people, int eventsPerPerson, DateOnly before, int seed)
    {
        var random = new Random(seed);
        var end = new DateTimeOffset(before.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var receivedAt = DateTimeOffset.UtcNow;
        var events = new List<CapturedEvent>(people * eventsPerPerson);
        for (var p = 0; p < people; p++)
        {
            var userId = string.Create(CultureInfo.InvariantCulture, $"person-{p}");
            var at = end.AddDays(-500).AddMinutes(random.Next(0, 60 * 24 * 400));
            for (var e = 0; e < eventsPerPerson && at < end; e++)
            {
                var key = e.ToString(CultureInfo.InvariantCulture);
                events.Add(SyntheticEvents.PersonEvent(random, userId, key, key, e == 0, at, receivedAt));
                at = at.AddHours(random.Next(24, 24 * 20));
            }
        }

        return events;
    }
}
