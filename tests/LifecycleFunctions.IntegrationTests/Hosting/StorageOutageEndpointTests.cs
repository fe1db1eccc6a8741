using System.Diagnostics;
using System.Net;
using System.Text;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// Storage gone for longer than the SDK's retries: every HTTP function answers 503 storage-unavailable with
/// Retry-After, within the request's storage budget, whether connections are refused or never answered.
/// </summary>
public sealed class StorageOutageEndpointTests(StorageOutageEndpointTests.ProxiedApp fixture) : IClassFixture<StorageOutageEndpointTests.ProxiedApp>
{
    /// <summary>Loose on purpose: the budget is 3 s here; this says "bounded", not "fast".</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static TheoryData<string, string> Outages()
    {
        var data = new TheoryData<string, string>();
        foreach (var outage in new[] { "drop", "silence" })
        {
            foreach (var endpoint in new[] { "track", "batch", "funnel", "funnel-latest", "status", "recompute" })
            {
                data.Add(endpoint, outage);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task Endpoint_WithStorageGoneLongerThanRetries_Answers503WithRetryAfterWithinBudget(string endpoint, string outage)
    {
        if (outage == "drop")
        {
            fixture.Proxy.Drop();
        }
        else
        {
            fixture.Proxy.Silence();
        }

        try
        {
            // Before the fix a silent storage held the request for 4 × 100 s; give up well before that.
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var clock = Stopwatch.StartNew();
            using var response = await fixture.App.Http.SendAsync(Request(endpoint), giveUp.Token);
            clock.Stop();

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}; logged: {string.Join(Environment.NewLine, fixture.Logs.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => l + " " + l.Exception))}");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("urn:lifecycle-functions:problem:storage-unavailable", (await response.JsonAsync()).GetProperty("type").GetString());
            Assert.True(clock.Elapsed < Bound, $"answered after {clock.Elapsed}");
        }
        finally
        {
            fixture.Proxy.Restore();
        }
    }

    [Fact]
    public async Task Requests_RefusedDuringOneOutage_WarnOnceAndSayWhenStorageIsBack()
    {
        // An earlier test's outage ends with its first answered request after it.
        using (var settle = await fixture.App.Http.SendAsync(Request("track")))
        {
            Assert.Equal(HttpStatusCode.OK, settle.StatusCode);
        }

        var before = fixture.Logs.Lines.Count;
        fixture.Proxy.Drop();
        try
        {
            foreach (var endpoint in new[] { "track", "batch", "status", "track" })
            {
                using var refused = await fixture.App.Http.SendAsync(Request(endpoint));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            }
        }
        finally
        {
            fixture.Proxy.Restore();
        }

        using (var accepted = await fixture.App.Http.SendAsync(Request("track")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var http = fixture.Logs.Lines.Skip(before).Where(l => l.Category.EndsWith(".HttpStorageGuard", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(http, l => l.Level >= LogLevel.Warning);
        Assert.StartsWith("HTTP functions: storage unreachable (", warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
        Assert.Equal(4, http.Count(l => l.Level == LogLevel.Debug && l.Message.Contains("answered 503 storage-unavailable", StringComparison.Ordinal)));
        Assert.Contains(http, l => l.Level == LogLevel.Information && l.Message.StartsWith("HTTP functions: storage reachable again after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Track_AfterStorageReturns_IsAcceptedWithoutARestart()
    {
        fixture.Proxy.Drop();
        using (var refused = await fixture.App.Http.SendAsync(Request("track")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        fixture.Proxy.Restore();

        using var accepted = await fixture.App.Http.SendAsync(Request("track"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static HttpRequestMessage Request(string endpoint) => endpoint switch
    {
        "track" => SegmentClient.Post("/v1/track", $$"""{"userId":"{{SegmentClient.NewId("u")}}","event":"Signed Up"}"""),
        // One invalid item too: its failedevents record meets the outage first.
        "batch" => SegmentClient.Post("/v1/batch", $$"""{"batch":[{"type":"track","userId":"{{SegmentClient.NewId("u")}}","event":"Signed Up"},{"type":"track","event":"No one"}]}"""),
        "funnel" => Keyed(HttpMethod.Get, "/api/reports/funnel"),
        "funnel-latest" => Keyed(HttpMethod.Get, "/api/reports/funnel/latest"),
        "status" => Keyed(HttpMethod.Get, "/api/admin/status"),
        "recompute" => Keyed(HttpMethod.Post, "/api/admin/recompute"),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    private static HttpRequestMessage Keyed(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", TestApp.FunctionKey);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(string.Empty, Encoding.UTF8);
        }

        return request;
    }

    /// <summary>The app against Azurite through a <see cref="StorageProxy"/>, with a short storage budget.</summary>
    public sealed class ProxiedApp : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();

        public StorageProxy Proxy { get; private set; } = null!;

        public TestApp App { get; private set; } = null!;

        public LogRecorder Logs { get; } = new();

        public async Task InitializeAsync()
        {
            await _azurite.InitializeAsync();
            Proxy = StorageProxy.Start(_azurite.ConnectionString);
            App = await TestApp.StartAsync(Proxy.ConnectionString, s => s.AddSingleton<ILoggerProvider>(Logs), settings: new Dictionary<string, string?>
            {
                ["Collect:StorageTimeoutSeconds"] = "3",
                ["Logging:LogLevel:LifecycleFunctions.App.Hosting.HttpStorageGuard"] = "Debug",
            });
        }

        public async Task DisposeAsync()
        {
            Proxy.Restore();
            await App.DisposeAsync();
            await Proxy.DisposeAsync();
            await _azurite.DisposeAsync();
        }
    }
}
