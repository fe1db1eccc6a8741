using System.Net;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Reports;

/// <summary>
/// A fresh Azurite and app: first asked for reports before any recompute (the answers are kept for the tests),
/// then given a small population through the real collection API, recomputed as of <see cref="AsOf"/> and the
/// workbook published, as the nightly timer does.
/// </summary>
public sealed class ReportAppFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    private readonly AzuriteFixture _azurite = new();

    public TestApp App { get; private set; } = null!;
    public (HttpStatusCode Status, string Body) FunnelBeforeRecompute { get; private set; }
    public (HttpStatusCode Status, string Body) LatestBeforeRecompute { get; private set; }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        App = await TestApp.StartAsync(_azurite.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        FunnelBeforeRecompute = await GetAsync("/api/reports/funnel");
        LatestBeforeRecompute = await GetAsync("/api/reports/funnel/latest");

        object[] batch =
        [
            new { type = "page", anonymousId = "visitor-1", timestamp = "2026-11-01T09:00:00Z", context = new { campaign = new { source = "google", medium = "cpc", name = "black-friday" } } },
            new { type = "page", anonymousId = "visitor-2", timestamp = "2026-11-02T09:00:00Z", context = new { campaign = new { source = "facebook", medium = "social", name = "retarget" } } },
            new { type = "identify", userId = "lead-1", timestamp = "2026-11-03T09:00:00Z", traits = new { email = "lead1@example.com" }, context = new { campaign = new { source = "google", medium = "cpc", name = "black-friday" } } },
            new { type = "track", userId = "buyer-1", @event = "Order Completed", timestamp = "2026-11-05T10:00:00Z", properties = new { order_id = "o-1", total = 30 }, context = new { campaign = new { source = "google", medium = "cpc", name = "black-friday" } } },
            new { type = "track", userId = "buyer-2", @event = "Order Completed", timestamp = "2026-11-06T10:00:00Z", properties = new { order_id = "o-2", total = 20 }, context = new { campaign = new { source = "facebook", medium = "social", name = "retarget" } } },
            new { type = "track", userId = "buyer-2", @event = "Order Completed", timestamp = "2026-11-10T10:00:00Z", properties = new { order_id = "o-3", total = 45 } },
            new { type = "track", userId = "old-1", @event = "Order Completed", timestamp = "2026-06-01T10:00:00Z", properties = new { order_id = "o-4", total = 12 }, context = new { campaign = new { source = "google", medium = "cpc", name = "summer" } } },
        ];
        using (var response = await App.Http.PostAsync("/v1/batch", new { batch }))
        {
            response.EnsureSuccessStatusCode();
            if ((await response.JsonAsync()).GetProperty("rejected").GetArrayLength() != 0)
            {
                throw new InvalidOperationException("The fixture's events must all be accepted.");
            }
        }

        // Accepted means queued: wait until the queue function has stored them all before recomputing.
        var counters = App.Services.GetRequiredService<EventStoreCounters>();
        await Waiting.ForQueuesToDrainAsync(App.Storage, TimeSpan.FromSeconds(60), StorageNames.WebsiteEventsQueue);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (counters.Stored < batch.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        App.Time.Advance(TimeSpan.FromMinutes(1));
        var result = await App.Services.GetRequiredService<LifecycleRecompute>().RunAsync(AsOf, App.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        await App.Services.GetRequiredService<FunnelWorkbookPublisher>().PublishAsync(result.Run!.AsOf, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private async Task<(HttpStatusCode, string)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "x-functions-key", TestApp.FunctionKey } } };
        using var response = await App.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
