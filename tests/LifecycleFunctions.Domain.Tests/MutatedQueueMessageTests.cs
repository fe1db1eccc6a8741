using System.Text.Json.Nodes;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

/// <summary>
/// Seeded mutations of valid ad and purchase messages: each parses to an event or to errors with a reason, never
/// an exception (which the queue function would retry and then poison, as if storage had failed).
/// </summary>
public class MutatedQueueMessageTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private const string Ad = """{"type":"click","messageId":"m-1","channel":"google-ads","campaign":"brand","ad":"a","cost":0.5,"currency":"USD","clickId":"c-1","anonymousId":"a-1","timestamp":"2026-11-20T10:00:00Z","count":1}""";

    private const string Purchase = """{"type":"order_completed","orderId":"o-1","userId":"u-1","anonymousId":"a-1","amount":12.5,"currency":"USD","refundId":"r-1","timestamp":"2026-11-20T10:00:00Z","email":"e@example.com"}""";

    private static readonly string[] Odd =
    [
        "null", "true", "0", "-1", "1e308", "-1e308", "12345678901234567890", "1e-400", "\"\"", "\" \"", "[]", "{}", "[1,{}]",
        "\"\\ud800\"", "\"a\\udc00\"", "\"\\u0000\"", "\"2026-13-45T99:99:99Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"NaN\"", "\"-0\"", "\"refund\"", "\"impression\"", "\"" + new string('x', 5_000) + "\"",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Parse_WithSeededMutationsOfValidMessages_GivesAnEventOrItsReasonsButNeverThrows(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 400; i++)
        {
            var ad = i % 2 == 0;
            var body = Mutate(random, ad ? Ad : Purchase);
            if (random.Next(4) == 0)
            {
                body = $"{{\"batch\":[{body},{Mutate(random, ad ? Ad : Purchase)}]}}";
            }

            var results = QueueMessageItems.Parse(body, ReceivedAt, ad ? AdEventParser.Parse : PurchaseEventParser.Parse, "q-1");

            Assert.All(results, r => Assert.True(r.Result.Event is not null || r.Result.Errors.Count > 0, body));
        }
    }

    private static string Mutate(Random random, string valid)
    {
        var message = JsonNode.Parse(valid)!.AsObject();
        var replaced = new Dictionary<string, string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var names = message.Select(p => p.Key).ToList();
            var name = names[random.Next(names.Count)];
            if (random.Next(4) == 0)
            {
                message.Remove(name);
                continue;
            }

            var marker = $"__odd{replaced.Count}__";
            message[name] = marker;
            replaced[marker] = Odd[random.Next(Odd.Length)];
        }

        return replaced.Aggregate(message.ToJsonString(), (text, odd) => text.Replace($"\"{odd.Key}\"", odd.Value, StringComparison.Ordinal));
    }
}
