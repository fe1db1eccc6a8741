using System.Globalization;
using System.Text.Json;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Datasets;

namespace LifecycleFunctions.App.Demo;

/// <summary>
/// Seeded traffic shaped like a customer lifecycle over a history of months: visitors arrive through channels
/// (more of them lately, as a growing shop sees), some sign up, fewer buy; buyers repeat, become loyal, refer
/// friends and review, lapse, and some come back. Every website order is also reported by the order system
/// (stored once), ad platforms send clicks and monthly impressions, and a few deliberately broken events show
/// the error paths. The same seed and clock give the same traffic.
/// </summary>
public sealed class LifecycleTrafficGenerator(int seed, DateTimeOffset now)
{
    private static readonly (string Source, string Medium, string Campaign, string? Referrer)[] Channels =
    [
        ("google", "cpc", "brand-search", "https://www.google.com/"),
        ("google", "cpc", "jazz-classics", "https://www.google.com/"),
        ("facebook", "paid-social", "autumn-sale", "https://www.facebook.com/"),
        ("newsletter", "email", "weekly-picks", null),
        ("blog", "referral", "jazz-guide", "https://blog.example.org/best-jazz"),
        ("direct", "none", "(none)", null),
    ];

    /// <summary>The aliases the demo runs with: its ad networks report under their own names, as real ones do.</summary>
    public static readonly string[] ChannelAliases = ["google-ads=google", "facebook-ads=facebook"];

    private static readonly string[] Products = ["Kind of Blue", "Blue Train", "Time Out", "Mingus Ah Um", "A Love Supreme", "Moanin'"];

    public SampleTraffic Generate(int people, int months, IEnumerable<CdnowPurchase> realPurchases)
    {
        var random = new Random(seed);
        var start = now.AddMonths(-Math.Max(1, months));
        var window = (now - start).TotalDays;
        var events = new List<object>();
        var purchases = new List<string>();
        var ads = new List<string>();
        var personas = new Dictionary<Persona, int>();

        for (var p = 0; p < people; p++)
        {
            var persona = Pick(random);
            personas[persona] = personas.GetValueOrDefault(persona) + 1;
            var person = new GeneratedPerson($"anon-{seed}-{p:D5}", $"user-{seed}-{p:D5}", $"{seed}-{p}", Channels[random.Next(Channels.Length)]);
            var arrival = Arrival(random, persona, start, window);
            Visit(random, person, arrival, events, ads);
            if (persona == Persona.Visitor)
            {
                continue;
            }

            SignUp(random, person, arrival.AddMinutes(5), events);
            if (persona == Persona.Lead)
            {
                if (random.NextDouble() < 0.3)
                {
                    // An abandoned cart: interest without an order.
                    events.Add(Track(person, "cart", "Product Added", arrival.AddMinutes(8), new { product = Products[random.Next(Products.Length)] }));
                    events.Add(Track(person, "checkout", "Checkout Started", arrival.AddMinutes(9), null));
                }

                continue;
            }

            var orders = OrderDays(random, persona, arrival);
            var last = arrival;
            foreach (var (orderedAt, o) in orders.Select((d, i) => (d, i)))
            {
                Order(random, person, o, orderedAt, events, purchases);
                last = orderedAt;
            }

            if (persona is Persona.RepeatBuyer or Persona.LoyalBuyer or Persona.Returner && random.NextDouble() < 0.35)
            {
                // After one of their repeat orders, not the last: a loyal buyer's review of a year ago has expired
                // from Advocacy, so the trends show advocates coming and going.
                var after = orders.Count > 1 ? orders[random.Next(1, orders.Count)] : last;
                Advocate(random, person, after.AddDays(2), events);
            }
            else if (orders.Count > 0 && random.NextDouble() < 0.2)
            {
                // A passive or detractor NPS answer: surveyed, not an advocate.
                events.Add(Track(person, "nps", "NPS Submitted", Earlier(last.AddDays(7)), new { score = random.Next(3, 9) }));
            }
        }

        if (people > 0)
        {
            AddImpressions(random, start, ads);
        }
        var realMessages = realPurchases.Select(p => PurchaseMessage.FromCdnow(p).ToJson()).ToList();
        var websiteOrders = purchases.Count;
        purchases.AddRange(realMessages);

        // Deliberate mistakes: a track call without its event name, and an ad message without a campaign.
        events.Add(new { type = "track", messageId = $"broken-{seed}", userId = "user-broken" });
        ads.Add(JsonSerializer.Serialize(new { type = "click", channel = "google" }));

        var batches = events.Chunk(100).Select(c => (IReadOnlyList<object>)c).ToList();
        return new SampleTraffic(batches, ads, purchases, InvalidWebsiteEvents: 1, InvalidQueueMessages: 1)
        {
            DuplicateOrderReports = websiteOrders,
            Personas = personas,
            HistoryStart = DateOnly.FromDateTime(start.UtcDateTime),
        };
    }

    /// <summary>Roughly: 40% only visit, 22% sign up, 38% buy (split across the buyer personas).</summary>
    private static Persona Pick(Random random) => random.NextDouble() switch
    {
        < 0.40 => Persona.Visitor,
        < 0.62 => Persona.Lead,
        < 0.75 => Persona.OneTimeBuyer,
        < 0.84 => Persona.RepeatBuyer,
        < 0.90 => Persona.LoyalBuyer,
        < 0.96 => Persona.Lapser,
        _ => Persona.Returner,
    };

    private DateTimeOffset Arrival(Random random, Persona persona, DateTimeOffset start, double window)
    {
        var at = persona switch
        {
            // Loyal buyers need months of orders. Lapsers and returners need their last order (or their gap) long
            // ago, so with a short history they arrived before it began.
            Persona.LoyalBuyer => start.AddDays(random.NextDouble() * window * 0.4),
            Persona.Lapser => now.AddDays(-100 - (random.NextDouble() * Math.Max(30, window - 100))),
            Persona.Returner => now.AddDays(-160 - (random.NextDouble() * Math.Max(40, window - 160))),

            // Growth: arrivals thicken towards now.
            _ => start.AddDays(Math.Sqrt(random.NextDouble()) * window),
        };
        return Earlier(at.AddMinutes(random.Next(0, 1440)));
    }

    private List<DateTimeOffset> OrderDays(Random random, Persona persona, DateTimeOffset arrival)
    {
        var first = arrival.AddDays(random.Next(0, 6)).AddMinutes(10);
        var days = new List<DateTimeOffset> { first };
        switch (persona)
        {
            case Persona.RepeatBuyer:
                for (var i = 0; i < 1 + random.Next(2); i++)
                {
                    days.Add(days[^1].AddDays(random.Next(10, 50)));
                }

                break;
            case Persona.LoyalBuyer:
                while (days[^1].AddDays(30) < now)
                {
                    days.Add(days[^1].AddDays(random.Next(8, 30)));
                }

                break;
            case Persona.Lapser:
                if (random.NextDouble() < 0.5)
                {
                    days.Add(first.AddDays(random.Next(5, 20)));
                }

                // Whatever the history's length, the last order is over 90 days ago.
                var shift = days[^1] - now.AddDays(-95 - random.Next(0, 30));
                days = days.Select(d => shift > TimeSpan.Zero ? d - shift : d).ToList();
                break;
            case Persona.Returner:
                // Lapsed for a while (they arrived 160+ days ago), then back.
                days.Add(now.AddDays(-random.Next(3, 40)));
                break;
        }

        return days.Where(d => d <= now).OrderBy(d => d).ToList();
    }

    private static void Visit(Random random, GeneratedPerson person, DateTimeOffset at, List<object> events, List<string> ads)
    {
        var channel = person.Channel;
        if (channel.Medium is "cpc" or "paid-social")
        {
            ads.Add(JsonSerializer.Serialize(new { type = "click", messageId = $"click-{person.Id}", channel = AdNetwork(channel.Source), campaign = channel.Campaign, ad = "banner-" + (char)('a' + random.Next(3)), cost = Math.Round(0.2 + random.NextDouble(), 2), currency = "USD", clickId = $"clk-{person.Id}", anonymousId = person.AnonymousId, timestamp = Iso(at.AddSeconds(-5)) }));
        }

        var context = channel.Medium == "none"
            ? (object)new { page = new { referrer = (string?)null } }
            : new { campaign = new { source = channel.Source, medium = channel.Medium, name = channel.Campaign }, page = new { referrer = channel.Referrer } };
        for (var v = 0; v < 1 + random.Next(4); v++)
        {
            events.Add(new { type = "page", messageId = $"page-{person.Id}-{v}", anonymousId = person.AnonymousId, name = v == 0 ? "Home" : "Product", timestamp = Iso(at.AddMinutes(v)), context });
        }
    }

    private static void SignUp(Random random, GeneratedPerson person, DateTimeOffset at, List<object> events)
    {
        // The identify carries both ids: the anonymous visits merge into the person.
        events.Add(new { type = "identify", messageId = $"identify-{person.Id}", anonymousId = person.AnonymousId, userId = person.UserId, traits = new { email = $"{person.UserId}@example.com" }, timestamp = Iso(at) });
        events.Add(Track(person, "signup", random.NextDouble() < 0.3 ? "Newsletter Subscribed" : "Signed Up", at.AddMinutes(1), null));
    }

    private static void Order(Random random, GeneratedPerson person, int index, DateTimeOffset at, List<object> events, List<string> purchases)
    {
        var orderId = $"web-{person.Id}-{index}";
        var total = Math.Round(9.99m + (decimal)random.Next(0, 9000) / 100m, 2);
        events.Add(Track(person, $"cart-{index}", "Product Added", at.AddMinutes(-4), new { product = Products[random.Next(Products.Length)] }));
        events.Add(Track(person, $"checkout-{index}", "Checkout Started", at.AddMinutes(-2), null));
        events.Add(Track(person, $"order-{index}", SegmentEventParser.OrderCompletedEvent, at, new { order_id = orderId, total, currency = "USD" }));

        // The order system reports the same order: stored once.
        purchases.Add(new PurchaseMessage { OrderId = orderId, UserId = person.UserId, Amount = total, Currency = "USD", Timestamp = at }.ToJson());
    }

    private void Advocate(Random random, GeneratedPerson person, DateTimeOffset at, List<object> events)
    {
        at = Earlier(at);
        events.Add(random.Next(3) switch
        {
            0 => Track(person, "referral", "Referral Sent", at, new { friend = "friend@example.com" }),
            1 => Track(person, "review", "Product Reviewed", at, new { rating = 5, product = Products[random.Next(Products.Length)] }),
            _ => Track(person, "nps", "NPS Submitted", at, new { score = 9 + random.Next(2) }),
        });
    }

    // An ad network names itself in its reports ("google-ads") and not as the utm_source its links carry ("google").
    private static string AdNetwork(string source) => source + "-ads";

    private void AddImpressions(Random random, DateTimeOffset start, List<string> ads)
    {
        for (var month = start; month < now; month = month.AddMonths(1))
        {
            foreach (var (source, _, campaign, _) in Channels.Where(c => c.Medium is "cpc" or "paid-social"))
            {
                var count = 2000 + random.Next(8000);
                ads.Add(JsonSerializer.Serialize(new { type = "impression", messageId = $"impressions-{seed}-{campaign}-{month:yyyyMM}", channel = AdNetwork(source), campaign, count, cost = Math.Round(count * 0.004, 2), currency = "USD", timestamp = Iso(Earlier(month.AddDays(27))) }));
            }
        }
    }

    private static object Track(GeneratedPerson person, string key, string name, DateTimeOffset at, object? properties) =>
        new { type = "track", messageId = $"{key}-{person.Id}", userId = person.UserId, @event = name, properties, timestamp = Iso(at) };

    private DateTimeOffset Earlier(DateTimeOffset at) => at > now ? now.AddMinutes(-1) : at;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
