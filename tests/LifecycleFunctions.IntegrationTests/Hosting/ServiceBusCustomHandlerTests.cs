using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.IntegrationTests.Capture;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// The Service Bus variant of the package (functions.servicebus/ over functions/) run as the Functions host runs
/// it: purchases arrive through a serviceBusTrigger, and stage changes are relayed from the stage-changes queue
/// to the topic by PublishStageChanges with the Service Bus SDK (a ServiceBusSender test double here).
/// The payloads are what the host's HTTP worker writes: every string input and
/// metadata value serialized by JSON.NET first (a message text JSON-encoded twice, a MessageId with its quotes,
/// DeliveryCount as "3"), dates as ISO strings, Service Bus objects (actions, client) as objects.
/// </summary>
public sealed class ServiceBusCustomHandlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly PackageLayout _package = PackageLayout.Create(PackageLayout.ServiceBus);

    public void Dispose() => _package.Dispose();

    [Fact]
    public async Task Invoke_ServiceBusPurchaseWithHostPayload_StoresThePurchase()
    {
        await using var app = await StartAsync();
        var orderId = SegmentClient.NewId("sb-order");
        var message = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "sb-user", amount = 30.5 });

        using var response = await InvokeAsync(app, nameof(CapturePurchaseEvent), ServiceBusInvocation(message, deliveryCount: 1, messageId: SegmentClient.NewId("sb-msg")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("sb-user", stored.GetString("UserId"));
    }

    [Fact]
    public async Task Invoke_ServiceBusPurchaseWithInvalidMessage_RecordsFailedEventWithDeliveryCountAndReplies200()
    {
        await using var app = await StartAsync();
        var messageId = SegmentClient.NewId("sb-bad");

        using var response = await InvokeAsync(app, nameof(CapturePurchaseEvent), ServiceBusInvocation("{\"type\":\"order_completed\",\"userId\":\"u\"}", deliveryCount: 2, messageId: messageId));

        // 200: completing the message is right, a redelivery would fail the same way; the reason is kept instead.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var failed = Assert.Single(await StoredEvents.WhereAsync(app.Storage, StorageNames.FailedEventsTable, StoredEvents.ByMessageId(messageId)));
        Assert.Equal("purchase-events", failed.PartitionKey);
        Assert.Equal(2, failed.GetInt64("DequeueCount"));
        Assert.Contains("orderId", failed.GetString("Reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ServiceBusPurchaseWhenStorageFails_Replies500SoServiceBusRedeliversThenDeadLetters()
    {
        await using var app = await StartAsync(services =>
        {
            services.AddSingleton<TableEventStore>();
            services.AddSingleton<IEventStore>(sp => new FaultyEventStore(sp.GetRequiredService<TableEventStore>(), int.MaxValue));
        });
        var message = JsonSerializer.Serialize(new { type = "order_completed", orderId = "sb-never", userId = "u", amount = 1 });

        using var response = await InvokeAsync(app, nameof(CapturePurchaseEvent), ServiceBusInvocation(message, deliveryCount: 5, messageId: "sb-never"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("CapturePurchaseEvent failed", (await response.JsonAsync()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_PublishStageChangesWithStageChange_SendsItToTheTopicAndRepliesWithoutOutputs()
    {
        var sender = new CapturingServiceBusSender();
        await using var app = await StartAsync(ServiceBusSender(sender), ServiceBusConfigured);
        var change = """{"id":"ada|Conversion|20261123","person":"ada","from":"Acquisition","to":"Conversion","at":"2026-11-23","reactivation":false,"reason":"first order"}""";

        using var response = await InvokeAsync(app, nameof(PublishStageChanges), QueueInvocation("change", change));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.JsonAsync()).GetProperty("Outputs").EnumerateObject());
        var message = Assert.Single(sender.Sent);
        Assert.Equal(("ada|Conversion|20261123", "Conversion"), (message.MessageId, message.Subject));
        Assert.Equal("Acquisition", message.ApplicationProperties["from"]);
        Assert.Equal(change, message.Body.ToString());
    }

    [Fact]
    public async Task Invoke_PublishStageChangesWithBrokenMessage_Replies500SoTheQueueRetriesAndPoisons()
    {
        var sender = new CapturingServiceBusSender();
        await using var app = await StartAsync(ServiceBusSender(sender), ServiceBusConfigured);

        using var response = await InvokeAsync(app, nameof(PublishStageChanges), QueueInvocation("change", "not json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task Invoke_PublishStageChangesWhenTheSendFails_Replies500SoTheQueueRetriesAndPoisons()
    {
        await using var app = await StartAsync(ServiceBusSender(new CapturingServiceBusSender { Failing = true }), ServiceBusConfigured);
        var change = """{"id":"ada|Conversion|20261123","person":"ada","from":null,"to":"Conversion","at":"2026-11-23","reactivation":false,"reason":"first order"}""";

        using var response = await InvokeAsync(app, nameof(PublishStageChanges), QueueInvocation("change", change));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("PublishStageChanges failed", (await response.JsonAsync()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_PublishStageChangesWithoutServiceBusConfigured_Replies500NamingTheSettings()
    {
        await using var app = await StartAsync();
        var change = """{"id":"ada|Conversion|20261123","person":"ada","from":null,"to":"Conversion","at":"2026-11-23","reactivation":false,"reason":"first order"}""";

        using var response = await InvokeAsync(app, nameof(PublishStageChanges), QueueInvocation("change", change));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ServiceBus:FullyQualifiedNamespace", (await response.JsonAsync()).GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StandaloneWithServiceBusDeclarations_RefusesToStartAndNamesThem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LifecycleHost.Build(["--Storage:ConnectionString=UseDevelopmentStorage=true"], root: _package.Root));

        Assert.Contains("CapturePurchaseEvent needs the Azure Functions host", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Behind the host the app checks its storage in the background (on Azure the template created it); the tests wait for it.</summary>
    private async Task<TestApp> StartAsync(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var app = await TestApp.StartAsync(azurite.ConnectionString, services, settings, args: ["--FUNCTIONS_CUSTOMHANDLER_PORT=7071"], root: _package.Root);
        await app.Services.GetRequiredService<EmbeddedStorageService>().Provisioned;
        return app;
    }

    private static readonly Dictionary<string, string?> ServiceBusConfigured = new() { ["ServiceBus:FullyQualifiedNamespace"] = "sb-test.servicebus.windows.net" };

    private static Action<IServiceCollection> ServiceBusSender(CapturingServiceBusSender sender) => s => s.AddSingleton<Azure.Messaging.ServiceBus.ServiceBusSender>(sender);

    private static Task<HttpResponseMessage> InvokeAsync(TestApp app, string function, object invocation) =>
        app.Http.PostAsync(new Uri("/" + function, UriKind.Relative), new StringContent(JsonSerializer.Serialize(invocation), Encoding.UTF8, "application/json"));

    // JSON.NET's SerializeObject of a string, as the host applies to string inputs and metadata.
    private static string HostString(string value) => JsonSerializer.Serialize(value);

    private static object ServiceBusInvocation(string message, int deliveryCount, string messageId) => new Dictionary<string, object>
    {
        ["Data"] = new { message = HostString(message) },
        ["Metadata"] = new Dictionary<string, object>
        {
            ["DeliveryCount"] = deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LockToken"] = HostString(Guid.NewGuid().ToString()),
            ["ExpiresAtUtc"] = "2026-12-07T09:59:00Z",
            ["EnqueuedTimeUtc"] = "2026-11-23T09:59:00Z",
            ["MessageId"] = HostString(messageId),
            ["ContentType"] = HostString("application/json"),
            ["SequenceNumber"] = "42",
            ["ApplicationProperties"] = new { },
            ["UserProperties"] = new { },
            ["MessageActions"] = new { },
            ["Client"] = new { FullyQualifiedNamespace = "sb-test.servicebus.windows.net", IsClosed = false },
            ["sys"] = new { MethodName = nameof(CapturePurchaseEvent), UtcNow = "2026-11-23T10:00:00Z" },
        },
    };

    private static object QueueInvocation(string binding, string message) => new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, object> { [binding] = HostString(message) },
        ["Metadata"] = new Dictionary<string, object>
        {
            ["DequeueCount"] = "1",
            ["Id"] = HostString(Guid.NewGuid().ToString()),
            ["InsertionTime"] = "2026-11-23T09:59:00+00:00",
        },
    };
}
