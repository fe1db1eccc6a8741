using System.Text.Json;
using Azure.Messaging.ServiceBus;
using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// PublishStageChanges standalone on Azurite: the recompute's stage changes relayed from the stage-changes queue
/// to the Service Bus topic through a ServiceBusSender test double. A fresh Azurite for each test: the run state
/// (which decides what a run announces) and the stage-changes queue are global.
/// </summary>
public sealed class StageChangePublishingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task PublishStageChanges_WithARecomputesStageChange_SendsOneMessageWithItsIdStageAndProperties()
    {
        var sender = new CapturingServiceBusSender();
        await using var app = await StartAsync(sender);
        var userId = SegmentClient.NewId("sb-buyer");

        await BuyAfterSigningUpAsync(app, userId);

        var message = Assert.Single(await sender.WaitForAsync(1, Patience));
        using var body = JsonDocument.Parse(message.Body.ToString());
        var change = body.RootElement;
        Assert.Equal("u:" + userId, change.GetProperty("person").GetString());
        Assert.Equal("Conversion", change.GetProperty("to").GetString());
        Assert.Equal($"u:{userId}|Conversion|20261120", message.MessageId);
        Assert.Equal(change.GetProperty("id").GetString(), message.MessageId);
        Assert.Equal("Conversion", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("Conversion", message.ApplicationProperties["to"]);
        Assert.Equal(false, message.ApplicationProperties["reactivation"]);
        Assert.Equal("Acquisition", change.GetProperty("from").GetString());
        Assert.Equal("Acquisition", message.ApplicationProperties["from"]);

        // Relayed, the change leaves the queue.
        await Waiting.ForQueuesToDrainAsync(app.Storage, Patience, StorageNames.StageChangesQueue);
    }

    [Fact]
    public async Task PublishStageChanges_WithTheSameChangeOnTheQueueAgain_SendsItUnderTheSameMessageId()
    {
        var sender = new CapturingServiceBusSender();
        await using var app = await StartAsync(sender);
        await BuyAfterSigningUpAsync(app, SegmentClient.NewId("sb-again"));
        var first = Assert.Single(await sender.WaitForAsync(1, Patience));

        // What a recompute rerun after a crash between notifying and saving its people writes again, and what a
        // relay retry sends again when the send went through but the queue message came back.
        await app.Storage.Queue(StorageNames.StageChangesQueue).SendMessageAsync(first.Body.ToString());

        var sent = await sender.WaitForAsync(2, Patience);
        Assert.Equal(2, sent.Count);
        Assert.Equal(first.MessageId, sent[1].MessageId);
        Assert.Equal(first.Body.ToString(), sent[1].Body.ToString());
    }

    [Fact]
    public async Task PublishStageChanges_WhenEverySendFails_LeavesTheChangeToTheQueueRetriesAndThenItsPoisonQueue()
    {
        var sender = new CapturingServiceBusSender { Failing = true };
        await using var app = await StartAsync(sender, new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2" });
        var change = """{"id":"u:sb-fail|Conversion|20261120","person":"u:sb-fail","from":null,"to":"Conversion","at":"2026-11-20","reactivation":false,"reason":"first order"}""";

        await app.Storage.Queue(StorageNames.StageChangesQueue).SendMessageAsync(change);

        var poison = app.Storage.Queue(StorageNames.PoisonQueue(StorageNames.StageChangesQueue));
        var deadline = DateTime.UtcNow + Patience;
        while ((await poison.PeekMessagesAsync(1)).Value.Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The change did not reach the poison queue; {sender.Attempts} send attempt(s).");
            await Task.Delay(200);
        }

        Assert.Equal(change, (await poison.PeekMessagesAsync(1)).Value[0].Body.ToString());
        Assert.Equal(2, sender.Attempts);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task App_WithoutServiceBusConfigured_LeavesStageChangesOnTheQueueAndRunsTheRest()
    {
        var sender = new CapturingServiceBusSender();
        await using var app = await TestApp.StartAsync(_azurite.ConnectionString, services: s => s.AddSingleton<ServiceBusSender>(sender));
        var change = """{"id":"u:sb-off|Conversion|20261120","person":"u:sb-off","from":null,"to":"Conversion","at":"2026-11-20","reactivation":false,"reason":"first order"}""";
        await app.Storage.Queue(StorageNames.StageChangesQueue).SendMessageAsync(change);

        // Another queue function runs meanwhile: by the time its event is stored, the relay had its chance too.
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId = SegmentClient.NewId("sb-off"), @event = "Signed Up", timestamp = "2026-11-20T10:00:00Z" });
        await Task.Delay(500);

        Assert.Empty(sender.Sent);
        var waiting = Assert.Single((await app.Storage.Queue(StorageNames.StageChangesQueue).PeekMessagesAsync(32)).Value);
        Assert.Equal(change, waiting.Body.ToString());
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "", true)]
    [InlineData("sb-test.servicebus.windows.net", null, false)]
    [InlineData(null, "Endpoint=sb://sb-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=x", false)]
    public void IsDisabled_ForPublishStageChanges_IsOffUnlessServiceBusIsConfigured(string? fullyQualifiedNamespace, string? connectionString, bool disabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceBus:FullyQualifiedNamespace"] = fullyQualifiedNamespace,
            ["ServiceBus:ConnectionString"] = connectionString,
        }).Build();

        Assert.Equal(disabled, FunctionSwitch.IsDisabled(configuration, nameof(PublishStageChanges), typeof(PublishStageChanges)));
        // Functions that do not need Service Bus are not affected.
        Assert.False(FunctionSwitch.IsDisabled(configuration, nameof(CaptureAdEvent), typeof(CaptureAdEvent)));
    }

    [Fact]
    public void Build_WithBothANamespaceAndAConnectionString_RefusesToStartNamingBoth()
    {
        var error = Assert.Throws<InvalidSettingException>(() => LifecycleHost.Build(
        [
            "--Storage:ConnectionString=UseDevelopmentStorage=true",
            "--ServiceBus:FullyQualifiedNamespace=sb-test.servicebus.windows.net",
            "--ServiceBus:ConnectionString=Endpoint=sb://sb-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=x",
        ]));

        Assert.Contains("ServiceBus:FullyQualifiedNamespace and ServiceBus:ConnectionString are both set", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Signed up on the 18th (the first run ever, which announces nobody), first order on the 20th: the second run
    /// moves them from Acquisition to Conversion and announces it.
    /// </summary>
    private static async Task BuyAfterSigningUpAsync(TestApp app, string userId)
    {
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId, @event = "Signed Up", timestamp = "2026-11-18T10:00:00Z" });
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 19), onDemand: true);
        await LifecycleDriver.PostAndStoreAsync(app, new { type = "track", userId, @event = "Order Completed", timestamp = "2026-11-20T10:00:00Z", properties = new { order_id = SegmentClient.NewId("o"), total = 20 } });
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 22), onDemand: true);
    }

    /// <summary>Configured with a namespace (whose client the test double stands in for) and the recompute's timer off, as the tests run it.</summary>
    private Task<TestApp> StartAsync(CapturingServiceBusSender sender, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{ServiceBusOptions.Section}:FullyQualifiedNamespace"] = "sb-test.servicebus.windows.net",
            ["Recompute:WatermarkLagSeconds"] = "0",
            ["AzureWebJobs.RecomputeLifecycle.Disabled"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return TestApp.StartAsync(_azurite.ConnectionString, services: s => s.AddSingleton<ServiceBusSender>(sender), settings: settings);
    }
}
