using System.Text.Json.Nodes;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// Seeded mutations of valid Segment calls (odd values, missing fields, cut-off bodies) through the real
/// pipeline: whatever a sender gets wrong is answered with a 2xx or a 4xx, never a 5xx. The cases the mutations
/// turned up are also in <see cref="BadHttpInputTests"/> with their exact answer.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class MutatedHttpInputTests(CaptureAppFixture fixture)
{
    private const string Base = """
        {"type":"track","userId":"u-mut","anonymousId":"a-mut","event":"Order Completed","messageId":"m-mut","timestamp":"2026-11-20T10:00:00Z","sentAt":"2026-11-20T10:00:01Z",
         "properties":{"order_id":"o-mut","total":12.5,"revenue":"3","currency":"USD","refund_id":"r","score":"9"},
         "context":{"page":{"referrer":"https://x.example/a","url":"https://s.example/?utm_source=g"},"campaign":{"source":"g","medium":"cpc","name":"n"}},
         "traits":{"email":"e@example.com"},"previousId":"p-mut","groupId":"g","name":"Home"}
        """;

    // Raw JSON, so that escapes System.Text.Json would never write (an unpaired surrogate) reach the app.
    private static readonly string[] Odd =
    [
        "null", "true", "0", "-1", "1e308", "-1e308", "12345678901234567890", "1e-400", "\"\"", "\" \"", "[]", "{}", "[1,{}]",
        "\"\\ud800\"", "\"a\\udc00\"", "\"\\u0000\"", "\"2026-13-45T99:99:99Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"1970-01-01T00:00:00Z\"", "\"NaN\"", "\"" + new string('x', 40_000) + "\"",
    ];

    private static readonly string[] Paths = ["/v1/track", "/v1/identify", "/v1/page", "/v1/alias", "/v1/group", "/v1/screen", "/v1/t", "/v1/batch", "/v1/import"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Post_WithSeededMutationsOfValidCalls_NeverAnswers5xx(int seed)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            var path = Paths[random.Next(Paths.Length)];
            var body = path is "/v1/batch" or "/v1/import"
                ? $"{{\"batch\":[{string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Mutate(random)))}],\"sentAt\":{(random.Next(3) == 0 ? Odd[random.Next(Odd.Length)] : "\"2026-11-20T10:00:01Z\"")}}}"
                : Mutate(random);
            if (random.Next(10) == 0)
            {
                body = body[..random.Next(body.Length)];
            }

            using var request = SegmentClient.Post(path, body, contentType: random.Next(2) == 0 ? "application/json" : "text/plain");
            using var response = await fixture.App.Http.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} {path} {body[..Math.Min(300, body.Length)]}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(5)));
    }

    /// <summary>The base call with one to four fields (or fields of its objects) replaced by odd values or removed.</summary>
    private static string Mutate(Random random)
    {
        var call = JsonNode.Parse(Base)!.AsObject();
        var replaced = new Dictionary<string, string>();
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var names = call.Select(p => p.Key).ToList();
            var name = names[random.Next(names.Count)];
            var marker = $"__odd{replaced.Count}__";
            if (random.Next(5) == 0)
            {
                call.Remove(name);
            }
            else if (call[name] is JsonObject inner && inner.Count > 0 && random.Next(2) == 0)
            {
                inner[inner.Select(p => p.Key).ElementAt(random.Next(inner.Count))] = marker;
                replaced[marker] = Odd[random.Next(Odd.Length)];
            }
            else
            {
                call[name] = marker;
                replaced[marker] = Odd[random.Next(Odd.Length)];
            }
        }

        var json = call.ToJsonString();
        return replaced.Aggregate(json, (text, odd) => text.Replace($"\"{odd.Key}\"", odd.Value, StringComparison.Ordinal));
    }
}
