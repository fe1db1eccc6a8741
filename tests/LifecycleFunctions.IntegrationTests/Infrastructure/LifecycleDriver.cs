using System.Net;
using System.Text.Json;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>What the lifecycle tests do to a running app: send a website event through capture, and recompute.</summary>
public static class LifecycleDriver
{
    /// <summary>Posts one event to /v1/batch and waits until the website-events queue has stored it.</summary>
    public static async Task PostAndStoreAsync(TestApp app, object body)
    {
        using var response = await app.Http.PostAsync("/v1/batch", new { batch = new[] { body } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Waiting.ForQueuesToDrainAsync(app.Storage, TimeSpan.FromSeconds(60), StorageNames.WebsiteEventsQueue);
    }

    /// <summary>
    /// The engine's primitive run (membership follows the day given), or with <paramref name="onDemand"/> a run
    /// started by hand (an earlier day is a backfill). Then moves the test clock on a minute: it stands still,
    /// and events stored after this run must fall after its watermark.
    /// </summary>
    public static async Task<RecomputeResult> RecomputeAsync(TestApp app, DateOnly asOf, bool onDemand = false)
    {
        var recompute = app.Services.GetRequiredService<LifecycleRecompute>();
        var dispatcher = app.Services.GetRequiredService<InProcessShardDispatcher>();
        var result = onDemand
            ? await recompute.RunOnDemandAsync(asOf, dispatcher, null, CancellationToken.None)
            : await recompute.RunAsync(asOf, dispatcher, null, CancellationToken.None);
        Assert.False(result.Skipped);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        return result;
    }

    /// <summary>The first 32 messages on stage-changes, left there.</summary>
    public static async Task<List<JsonElement>> PeekStageChangesAsync(TestApp app)
    {
        var messages = (await app.Storage.Queue(StorageNames.StageChangesQueue).PeekMessagesAsync(32)).Value;
        return messages.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement.Clone()).ToList();
    }
}
