using System.Globalization;
using System.Text.Json;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Datasets;

namespace LifecycleFunctions.App.Demo;

/// <summary>
/// Seeded sample traffic shaped like a real funnel: every visitor is reached through a channel, some sign up,
/// fewer buy. Each buyer's order is also reported by the order system (deduplicated by order id), and a few
/// deliberately broken events show the error paths.
/// </summary>
public sealed class SampleTrafficGenerator(int seed, DateTimeOffset now)
{
    private static readonly (string Source, string Medium, string Campaign, string? Referrer)[] Channels =
    [
        ("google", "cpc", "brand-search", "https://www.google.com/"),
        ("facebook", "paid-social", "autumn-sale", "https://www.facebook.com/"),
        ("newsletter", "email", "weekly-picks", null),
        ("blog", "referral", "jazz-guide", "https://blog.example.org/best-jazz"),
    ];

    private static readonly string[] Products = ["Kind of Blue", "Blue Train", "Time Out", "Mingus Ah Um", "A Love Supreme"];

    public SampleTraffic Generate(int people, IEnumerable<CdnowPurchase> realPurchases)
    {
        var random = new Random(seed);
        var events = new List<object>();
        var purchases = new List<string>();
        var ads = new List<string>();

        for (var p = 0; p < people; p++)
        {
            var anonymousId = $"anon-{seed}-{p:D5}";
            var userId = $"user-{seed}-{p:D5}";
            var channel = Channels[random.Next(Channels.Length)];
            var at = now.AddDays(-random.Next(1, 60)).AddMinutes(random.Next(0, 1440));
            var context = new { campaign = new { source = channel.Source, medium = channel.Medium, name = channel.Campaign }, page = new { referrer = channel.Referrer } };

            if (channel.Medium is "cpc" or "paid-social")
            {
                ads.Add(JsonSerializer.Serialize(new { type = "click", messageId = $"click-{seed}-{p}", channel = channel.Source, campaign = channel.Campaign, ad = "banner-" + (char)('a' + random.Next(3)), cost = Math.Round(0.2 + random.NextDouble(), 2), currency = "USD", clickId = $"clk-{seed}-{p}", anonymousId, timestamp = Iso(at.AddSeconds(-5)) }));
            }

            for (var v = 0; v < 1 + random.Next(4); v++)
            {
                events.Add(new { type = "page", messageId = $"page-{seed}-{p}-{v}", anonymousId, name = v == 0 ? "Home" : "Product", timestamp = Iso(at.AddMinutes(v)), context });
            }

            if (random.NextDouble() > 0.45)
            {
                continue;
            }

            events.Add(new { type = "identify", messageId = $"identify-{seed}-{p}", anonymousId, userId, traits = new { email = $"{userId}@example.com" }, timestamp = Iso(at.AddMinutes(5)) });
            events.Add(new { type = "track", messageId = $"signup-{seed}-{p}", userId, @event = "Signed Up", timestamp = Iso(at.AddMinutes(6)) });
            var orders = random.NextDouble() < 0.5 ? random.Next(1, 6) : 0;
            for (var o = 0; o < orders; o++)
            {
                var orderId = $"web-{seed}-{p}-{o}";
                var total = Math.Round(9.99m + (decimal)random.Next(0, 9000) / 100m, 2);
                var orderedAt = at.AddDays(o * random.Next(5, 40)).AddMinutes(10);
                if (orderedAt > now)
                {
                    break;
                }

                events.Add(new { type = "track", messageId = $"product-added-{seed}-{p}-{o}", userId, @event = "Product Added", properties = new { product = Products[random.Next(Products.Length)] }, timestamp = Iso(orderedAt.AddMinutes(-3)) });
                events.Add(new { type = "track", messageId = $"order-{seed}-{p}-{o}", userId, @event = SegmentEventParser.OrderCompletedEvent, properties = new { order_id = orderId, total, currency = "USD" }, timestamp = Iso(orderedAt) });

                // The order system reports the same order: stored once.
                purchases.Add(new PurchaseMessage { OrderId = orderId, UserId = userId, Amount = total, Currency = "USD", Timestamp = orderedAt }.ToJson());
            }

            if (orders >= 2 && random.NextDouble() < 0.4 && at.AddDays(20) < now)
            {
                events.Add(new { type = "track", messageId = $"review-{seed}-{p}", userId, @event = "Product Reviewed", properties = new { rating = 5 }, timestamp = Iso(at.AddDays(20)) });
            }
        }

        foreach (var (source, _, campaign, _) in Channels.Where(c => c.Medium is "cpc" or "paid-social"))
        {
            ads.Add(JsonSerializer.Serialize(new { type = "impression", messageId = $"impressions-{seed}-{campaign}", channel = source, campaign, count = 1000 + random.Next(9000), cost = 12.5, currency = "USD", timestamp = Iso(now.AddDays(-1)) }));
        }

        purchases.AddRange(realPurchases.Select(p => PurchaseMessage.FromCdnow(p).ToJson()));

        // Deliberate mistakes: a track call without its event name, and an ad message without a campaign.
        events.Add(new { type = "track", messageId = $"broken-{seed}", userId = "user-broken" });
        ads.Add(JsonSerializer.Serialize(new { type = "click", channel = "google" }));

        var batches = events.Chunk(100).Select(c => (IReadOnlyList<object>)c).ToList();
        return new SampleTraffic(batches, ads, purchases, InvalidWebsiteEvents: 1, InvalidQueueMessages: 1);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
