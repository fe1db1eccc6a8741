using System.Net;
using System.Text.Json;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>GET /api/admin/status through the real pipeline, on an Azurite of its own (the status is of the whole account).</summary>
public sealed class PipelineStatusEndpointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task GetStatus_WithoutTheFunctionKey_IsRefused()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString);

        using var response = await app.Http.GetAsync("/api/admin/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetStatus_WithPoisonAndNoRecompute_SaysSoUntilBothAreDealtWith()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString);
        var poison = app.Storage.Queue(StorageNames.PoisonQueue(StorageNames.AdEventsQueue));
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{\"type\":\"click\"}");
        await app.Services.GetRequiredService<FailedEventStore>().RecordAsync(SegmentCollector.RejectedBatchItems, "item-1", "{}", "batch[0] event [required]: 'event' is required.", 1, CancellationToken.None);

        var before = await StatusAsync(app);

        Assert.False(before.GetProperty("healthy").GetBoolean());
        Assert.Equal([PipelineHealth.NoRecompute, PipelineHealth.PoisonMessages], before.GetProperty("concerns").EnumerateArray().Select(c => c.GetProperty("check").GetString()));
        var ads = Assert.Single(before.GetProperty("queues").EnumerateArray(), q => q.GetProperty("queue").GetString() == StorageNames.AdEventsQueue);
        Assert.Equal(1, ads.GetProperty("poisoned").GetInt32());
        Assert.Equal(1, before.GetProperty("failedEvents").GetProperty(SegmentCollector.RejectedBatchItems).GetInt32());
        // The test clock stands at 2026-11-23 10:00: the night's run at 02:00 should be done, the next is tomorrow's.
        var recompute = before.GetProperty("recompute");
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), recompute.GetProperty("lastScheduled").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero), recompute.GetProperty("nextScheduled").GetDateTimeOffset());

        var day = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        await LifecycleDriver.RecomputeAsync(app, day);
        await app.Services.GetRequiredService<FunnelWorkbookPublisher>().PublishAsync(day, null, CancellationToken.None);
        await poison.ClearMessagesAsync();

        var after = await StatusAsync(app);

        Assert.True(after.GetProperty("healthy").GetBoolean(), after.ToString());
        Assert.Equal("2026-11-23", after.GetProperty("recompute").GetProperty("lastAsOf").GetString());
        Assert.Equal("2026-11-23", after.GetProperty("latestWorkbook").GetString());
        Assert.Equal(1, after.GetProperty("failedEvents").GetProperty(SegmentCollector.RejectedBatchItems).GetInt32());
    }

    private static async Task<JsonElement> StatusAsync(TestApp app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/status") { Headers = { { "x-functions-key", TestApp.FunctionKey } } };
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
