using System.Text.Json;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// A small data set with every kind of input a recompute folds: 150 CDNOW customers' purchases through the
/// purchase queue, 60 website visitors through /v1/batch who sign in as some of them, and ad spend.
/// </summary>
public static class MixedTraffic
{
    public static async Task IngestAsync(HttpClient http, StorageClients storage)
    {
        var customers = new HashSet<string>();
        var purchases = SharedData.CdnowPurchases().Where(p => customers.Contains(p.CustomerId) || (customers.Count < 150 && customers.Add(p.CustomerId))).ToList();
        var queue = storage.Queue(StorageNames.PurchaseEventsQueue);
        await Parallel.ForEachAsync(purchases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, token) => await queue.SendMessageAsync(PurchaseMessage.FromCdnow(p).ToJson(), token));

        // Website visitors, some of whom sign in as CDNOW customers after the fact, and ad clicks.
        var batch = Enumerable.Range(1, 60).SelectMany(i => new object[]
        {
            new { type = "page", messageId = $"p-{i}", anonymousId = $"visitor-{i}", timestamp = "1997-01-01T08:00:00Z", context = new { campaign = new { source = i % 2 == 0 ? "google" : "newsletter", name = "launch" } } },
            new { type = "identify", messageId = $"i-{i}", anonymousId = $"visitor-{i}", userId = $"cdnow-{i:00000}", timestamp = "1997-01-01T08:05:00Z" },
        }).ToList();
        using var response = await http.PostAsync("/v1/batch", new { batch });
        response.EnsureSuccessStatusCode();
        var ads = storage.Queue(StorageNames.AdEventsQueue);
        await ads.SendMessageAsync(JsonSerializer.Serialize(new { type = "impression", messageId = "imp-1", channel = "google", campaign = "launch", count = 5000, cost = 50, timestamp = "1997-01-01T00:00:00Z" }));
        await ads.SendMessageAsync(JsonSerializer.Serialize(new { type = "click", messageId = "clk-1", channel = "google", campaign = "launch", cost = 1.5, anonymousId = "visitor-2", timestamp = "1997-01-01T07:59:00Z" }));

        await Waiting.ForQueuesToDrainAsync(storage, TimeSpan.FromMinutes(2), StorageNames.PurchaseEventsQueue, StorageNames.WebsiteEventsQueue, StorageNames.AdEventsQueue);
    }
}
