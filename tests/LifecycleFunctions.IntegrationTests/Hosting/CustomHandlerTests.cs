using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.IntegrationTests.Capture;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// Started by the Azure Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set), the app answers the host's
/// invocations of its queue and timer functions: POST /{FunctionName} with Data and Metadata, a reply with
/// Outputs, Logs and ReturnValue, and a non-2xx reply on failure so the host retries and poisons.
/// </summary>
public sealed class CustomHandlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Invoke_WithQueueTriggerPayload_StoresTheEventAndRepliesWithOutputs()
    {
        await using var app = await StartAsync();
        var orderId = SegmentClient.NewId("ch-order");
        var message = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "host-user", amount = 12 });

        using var response = await InvokeAsync(app, "CapturePurchaseEvent", Invocation(message, dequeueCount: 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.JsonAsync();
        Assert.Equal(JsonValueKind.Object, reply.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, reply.GetProperty("Logs").ValueKind);
        Assert.Single(await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
    }

    [Fact]
    public async Task Invoke_WithInvalidMessage_RecordsItAsFailedAndReplies200SoTheHostDoesNotRetry()
    {
        await using var app = await StartAsync();

        using var response = await InvokeAsync(app, "CaptureAdEvent", Invocation("{\"type\":\"click\"}", dequeueCount: 1, id: "host-msg-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = Assert.Single(await StoredEvents.WhereAsync(app.Storage, StorageNames.FailedEventsTable, TableClient.CreateQueryFilter($"MessageId eq {"host-msg-1"}")));
        Assert.StartsWith("channel [required]", failed.GetString("Reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenStorageFails_Replies500SoTheHostRetriesAndPoisons()
    {
        await using var app = await StartAsync(services =>
        {
            services.AddSingleton<TableEventStore>();
            services.AddSingleton<IEventStore>(sp => new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), int.MaxValue));
        });
        var message = JsonSerializer.Serialize(new { type = "order_completed", orderId = "never", userId = "u", amount = 1 });

        var retried = SegmentClient.NewId("retried");
        var last = SegmentClient.NewId("last");

        using var response = await InvokeAsync(app, "CapturePurchaseEvent", Invocation(message, dequeueCount: 3, retried));
        using var lastAttempt = await InvokeAsync(app, "CapturePurchaseEvent", Invocation(message, dequeueCount: 5, last));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("CapturePurchaseEvent failed", (await response.JsonAsync()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, lastAttempt.StatusCode);

        // The host poisons after the 5th (host.json maxDequeueCount) with the body only: the reason is recorded here.
        var failures = await app.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.PurchaseEventsQueue, CancellationToken.None);
        Assert.DoesNotContain(failures, f => f.MessageId == retried);
        var poisoned = Assert.Single(failures, f => f.MessageId == last);
        Assert.StartsWith("Poisoned: CapturePurchaseEvent failed on each of 5 attempts; last: RequestFailedException: Server busy", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(message, poisoned.RawBody);
    }

    [Fact]
    public void ReadQueueMessage_WithHostSerializedStrings_UnwrapsBodyIdAndCounts()
    {
        // The host's HTTP worker runs every string input and metadata value through JSON.NET's SerializeObject
        // before writing the request: the message text arrives JSON-encoded twice, the id with its quotes, the
        // dequeue count as a string, dates as they are.
        var declaration = FunctionManifest.Load(FunctionManifest.DefaultRoot).Single(d => d.Name == "CaptureAdEvent");
        var body = """{"type":"click","channel":"google-ads","campaign":"spring \"sale\""}""";
        var invocation = JsonSerializer.Serialize(new
        {
            Data = new { message = JsonSerializer.Serialize(body) },
            Metadata = new { DequeueCount = "3", Id = JsonSerializer.Serialize("msg-7"), InsertionTime = "2026-11-23T09:59:00+00:00", PopReceipt = JsonSerializer.Serialize("AgAAAA==") },
        });
        using var payload = JsonDocument.Parse(invocation);

        var message = CustomHandlerInvocation.ReadQueueMessage(payload.RootElement, declaration, TestApp.Now);

        Assert.Equal(body, message.Body);
        Assert.Equal("msg-7", message.MessageId);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal("ad-events", message.QueueName);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 59, 0, TimeSpan.Zero), message.InsertedOn);
    }

    [Fact]
    public void ReadTimer_WithHostTimerPayload_ReadsPastDueAndScheduleStatus()
    {
        var declaration = FunctionManifest.Load(FunctionManifest.DefaultRoot).Single(d => d.Name == "RecomputeLifecycle");
        using var payload = JsonDocument.Parse("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-21T02:00:00Z","Next":"2026-11-22T02:00:00Z","LastUpdated":"2026-11-21T02:00:01Z"},"IsPastDue":true}},"Metadata":{}}""");

        var timer = CustomHandlerInvocation.ReadTimer(payload.RootElement, declaration, TestApp.Now);

        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero), timer.Last);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), timer.Next);
    }

    [Fact]
    public async Task Post_AsCustomHandler_LeavesTheCorsHeadersToThePlatform()
    {
        await using var app = await StartAsync();
        using var request = SegmentClient.Post("/v1/track", """{"userId":"u-cors","event":"Signed Up"}""");
        request.Headers.Add("Origin", "https://shop.example.com");

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), "a second Access-Control-Allow-Origin beside the platform's makes browsers refuse the response");
    }

    /// <summary>A role granted minutes ago may not apply yet: a refused create must not fail the start, or the host restarts the app in a loop.</summary>
    [Fact]
    public async Task Start_AsCustomHandlerWhileStorageRefuses_StartsAndLeavesProvisioningToTheBackground()
    {
        var outage = new StorageOutage();
        outage.Arm(0);

        await using var app = await StartAsync(s => s.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage)));
        await app.Services.GetRequiredService<EmbeddedStorageService>().Provisioned;

        Assert.True(outage.Tripped, "provisioning ran and was refused");
        var standalone = new StorageOutage();
        standalone.Arm(0);
        await Assert.ThrowsAsync<StorageOutageException>(() => TestApp.StartAsync(azurite.ConnectionString, s => s.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, standalone))));
    }

    [Fact]
    public async Task Build_AsCustomHandler_DoesNotPollQueuesItself()
    {
        await using var app = await StartAsync();

        Assert.DoesNotContain(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is QueueTriggerListener or TimerTriggerListener);
    }

    /// <summary>Behind the host the app checks its storage in the background (on Azure the template created it); the tests wait for it.</summary>
    private async Task<TestApp> StartAsync(Action<IServiceCollection>? services = null)
    {
        var app = await TestApp.StartAsync(azurite.ConnectionString, services, args: ["--FUNCTIONS_CUSTOMHANDLER_PORT=7071"]);
        await app.Services.GetRequiredService<EmbeddedStorageService>().Provisioned;
        return app;
    }

    private static Task<HttpResponseMessage> InvokeAsync(TestApp app, string function, object invocation) =>
        app.Http.PostAsync(new Uri("/" + function, UriKind.Relative), new StringContent(JsonSerializer.Serialize(invocation), Encoding.UTF8, "application/json"));

    // The shape the Functions host sends for a queue trigger: the message text as a JSON string, and its metadata.
    private static object Invocation(string message, int dequeueCount, string? id = null) => new
    {
        Data = new { message, workItem = message, request = message },
        Metadata = new
        {
            DequeueCount = dequeueCount,
            Id = id ?? Guid.NewGuid().ToString(),
            InsertionTime = "2026-11-23T09:59:00+00:00",
            sys = new { MethodName = "x", UtcNow = "2026-11-23T10:00:00Z" },
        },
    };
}
