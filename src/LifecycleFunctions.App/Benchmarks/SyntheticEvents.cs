using System.Globalization;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>Realistic Segment track events (about 600 bytes each, like analytics.js sends), seeded.</summary>
public static class SyntheticEvents
{
    public static IReadOnlyList<Dictionary<string, object?>> SegmentBatchItems(int count, int people, int seed, string run)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new Dictionary<string, object?>
        {
            ["type"] = "track",
            ["messageId"] = string.Create(CultureInfo.InvariantCulture, $"{run}-{i}"),
            ["anonymousId"] = string.Create(CultureInfo.InvariantCulture, $"anon-{random.Next(people)}"),
            ["event"] = "Product Viewed",
            ["timestamp"] = "2026-11-23T10:00:00Z",
            ["properties"] = new Dictionary<string, object?> { ["product_id"] = random.Next(5000), ["price"] = 12.99, ["category"] = "Jazz", ["url"] = "https://shop.example.com/p/kind-of-blue" },
            ["context"] = new Dictionary<string, object?>
            {
                ["campaign"] = new Dictionary<string, object?> { ["source"] = "google", ["medium"] = "cpc", ["name"] = "brand-search" },
                ["page"] = new Dictionary<string, object?> { ["referrer"] = "https://www.google.com/", ["path"] = "/p/kind-of-blue" },
                ["userAgent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
                ["library"] = new Dictionary<string, object?> { ["name"] = "analytics.js", ["version"] = "next-1.70.0" },
            },
        }).ToList();
    }

    /// <summary>The same events as the parser would produce them, for the bare-storage baseline.</summary>
    public static IReadOnlyList<CapturedEvent> Captured(IReadOnlyList<Dictionary<string, object?>> items, DateTimeOffset receivedAt) => items
        .Select(item =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(item));
            return SegmentEventParser.Parse(document.RootElement, null, receivedAt, SegmentBatchDefaults.None).Event!;
        })
        .ToList();

    /// <summary>
    /// One event of a synthetic person for the recompute benchmarks: a page view, or an order (15%); the
    /// person's first-touch event carries a UTM source. Draws from <paramref name="random"/> in a fixed order,
    /// so a seed gives the same population.
    /// </summary>
    public static CapturedEvent PersonEvent(Random random, string userId, string messageKey, string orderKey, bool firstTouch, DateTimeOffset at, DateTimeOffset receivedAt)
    {
        var order = random.NextDouble() < 0.15;
        return new CapturedEvent
        {
            MessageId = string.Create(CultureInfo.InvariantCulture, $"{userId}-{messageKey}"),
            Type = order ? EventTypes.OrderCompleted : EventTypes.Page,
            Source = EventSources.Website,
            UserId = userId,
            Timestamp = at,
            ReceivedAt = receivedAt,
            OrderId = order ? string.Create(CultureInfo.InvariantCulture, $"{userId}-o{orderKey}") : null,
            Amount = order ? 10 + random.Next(0, 9000) / 100m : null,
            UtmSource = firstTouch ? (random.Next(3) switch { 0 => "google", 1 => "newsletter", _ => "facebook" }) : null,
            UtmCampaign = firstTouch ? "bench" : null,
            Payload = "{}",
        };
    }
}
