using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.IntegrationTests.Hosting.Protocol;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// The built <c>lifecycle</c> executable started as the Azure Functions host starts a dotnet-isolated worker (its
/// command line and environment), against an in-test host speaking the real protocol (FunctionRpc.proto over gRPC):
/// the worker initialises, declares exactly the functions of its functions.metadata, and runs a queue function and a
/// proxied HTTP function against Azurite. No Core Tools here, so this is the proof that the worker branch works.
/// </summary>
public sealed class FunctionsHostProtocolTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WorkerInit_WithTheHostsArguments_SucceedsAndAdvertisesItsHttpUri()
    {
        await using var host = await StartWorkerAsync();

        var init = await host.InitializeAsync();

        Assert.True(init.Result.Status == StatusResult.Types.Status.Success, $"{init.Result.Exception?.Message}\n{host.WorkerOutput}");
        Assert.NotNull(host.HttpUri);
        Assert.Equal("true", init.Capabilities["RpcHttpBodyOnly"], ignoreCase: true);
    }

    [Fact]
    public async Task FunctionMetadata_FromTheWorker_ListsEveryFunctionOfFunctionsMetadataWithItsBindings()
    {
        await using var host = await StartWorkerAsync();
        Assert.Equal(StatusResult.Types.Status.Success, (await host.InitializeAsync()).Result.Status);
        var declared = DeclaredFunctions();

        var metadata = await host.GetFunctionMetadataAsync();

        Assert.True(metadata.Result.Status == StatusResult.Types.Status.Success, $"{metadata.Result.Exception?.Message}\n{host.WorkerOutput}");
        Assert.Contains(nameof(LifecycleFunctions.App.Functions.CapturePurchaseEvent), declared.Keys);
        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), metadata.FunctionMetadataResults.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var function in metadata.FunctionMetadataResults)
        {
            Assert.False(string.IsNullOrEmpty(function.FunctionId), $"{function.Name} has no function id");
            Assert.Equal(declared[function.Name], RawBinding.Of(function).Select(Comparable).Order(StringComparer.Ordinal));
            Assert.Equal(
                RawBinding.Of(function).Select(b => $"{b.Name} {b.Type}").Order(StringComparer.Ordinal),
                function.Bindings.Select(b => $"{b.Key} {b.Value.Type}").Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task QueueInvocation_OfCapturePurchaseEvent_StoresThePurchase()
    {
        await using var host = await StartWorkerAsync();
        var function = Function(await host.StartFunctionsAsync(), nameof(LifecycleFunctions.App.Functions.CapturePurchaseEvent));
        var storage = await StorageAsync();
        var orderId = SegmentClient.NewId("grpc-order");
        var queue = storage.Queue(StorageNames.PurchaseEventsQueue);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "grpc-user", amount = 42 }));

        var response = await HostQueueListener.DeliverNextAsync(host, function, queue, Patience);

        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{response.Result.Exception?.Message}\n{host.WorkerOutput}");
        var byOrder = TableClient.CreateQueryFilter($"OrderId eq {orderId}");
        var stored = Assert.Single(await StoredEvents.WhereAsync(storage, StorageNames.EventsTable, byOrder));
        Assert.Equal("u:grpc-user", stored.GetString("PersonKey"));
    }

    [Fact]
    public async Task ProxiedHttpInvocation_OfCollectSegmentEvents_Answers200AndTheEventIsStored()
    {
        await using var host = await StartWorkerAsync();
        var functions = await host.StartFunctionsAsync();
        var storage = await StorageAsync();
        var messageId = SegmentClient.NewId("grpc-track");
        var body = JsonSerializer.Serialize(new { messageId, userId = "grpc-visitor", @event = "Signed Up" });
        using var request = SegmentClient.Post("/v1/track", body);
        request.RequestUri = new Uri("/v1/track", UriKind.Relative);
        request.Headers.Add("Origin", "https://shop.example.com");
        var invocation = HttpTriggerInvocation.Create(
            Function(functions, nameof(LifecycleFunctions.App.Functions.CollectSegmentEvents)), HttpMethod.Post,
            new Uri("https://lifecycle.example/v1/track"), new Dictionary<string, string> { ["call"] = "track" });

        var (collected, response) = await host.InvokeHttpAsync(invocation, request);
        using (response)
        {
            Assert.True(collected.Result.Status == StatusResult.Types.Status.Success, $"{collected.Result.Exception?.Message}\n{host.WorkerOutput}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The platform answers CORS in front of the host; a second Access-Control-Allow-Origin makes browsers refuse the response.
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }

        // The collector queues the events; the host then triggers StoreWebsiteEvents with that message.
        var storeFunction = Function(functions, nameof(LifecycleFunctions.App.Functions.StoreWebsiteEvents));
        var stored = await HostQueueListener.DeliverNextAsync(host, storeFunction, storage.Queue(StorageNames.WebsiteEventsQueue), Patience);
        Assert.True(stored.Result.Status == StatusResult.Types.Status.Success, $"{stored.Result.Exception?.Message}\n{host.WorkerOutput}");
        var storedEvent = Assert.Single(await StoredEvents.WhereAsync(storage, StorageNames.EventsTable, StoredEvents.ByMessageId(messageId)));
        Assert.Equal("u:grpc-visitor", storedEvent.GetString("PersonKey"));
    }

    /// <summary>A message that can never be valid is recorded with its reason and reported as handled, so the host neither
    /// retries nor poisons it.</summary>
    [Fact]
    public async Task QueueInvocation_WithAnInvalidMessage_SucceedsAndRecordsItWithItsReason()
    {
        await using var host = await StartWorkerAsync();
        var function = Function(await host.StartFunctionsAsync(), nameof(LifecycleFunctions.App.Functions.CapturePurchaseEvent));
        var storage = await StorageAsync();
        var queue = storage.Queue(StorageNames.PurchaseEventsQueue);
        var sent = await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", userId = "grpc-user", amount = 42 }));

        var response = await HostQueueListener.DeliverNextAsync(host, function, queue, Patience);

        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{response.Result.Exception?.Message}\n{host.WorkerOutput}");
        var failed = await FailedEvents.WaitForAsync(
            new LifecycleFunctions.Storage.Failures.FailedEventStore(storage, TimeProvider.System), StorageNames.PurchaseEventsQueue, sent.Value.MessageId);
        Assert.NotNull(failed);
        Assert.Contains("orderId", failed.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Behind the host, the host poisons a message after maxDequeueCount failed attempts with its body only: the worker's
    /// PoisonReasonMiddleware records why on the last attempt, from the trigger metadata the host sends.
    /// </summary>
    [Fact]
    public async Task QueueInvocation_FailingOnItsLastAttempt_RecordsWhyBeforeTheHostPoisonsIt()
    {
        await using var host = await StartWorkerAsync();
        var function = Function(await host.StartFunctionsAsync(), nameof(LifecycleFunctions.App.Functions.RecomputeShard));
        var storage = await StorageAsync();
        var id = SegmentClient.NewId("grpc-poison");
        // Not a work item: the function throws on every attempt; the fifth is the last (host.json maxDequeueCount).
        // With every time set, as a dequeued message has them (the worker's converter refuses a null time).
        var now = DateTimeOffset.UtcNow;
        var lastAttempt = Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage(
            id, "receipt", new BinaryData("not a work item"), 5, now.AddMinutes(1), now, now.AddDays(7));
        var earlierAttempt = Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage(
            id + "-early", "receipt", new BinaryData("not a work item"), 4, now.AddMinutes(1), now, now.AddDays(7));

        var early = await host.InvokeAsync(QueueTriggerInvocation.Create(function, earlierAttempt));
        var last = await host.InvokeAsync(QueueTriggerInvocation.Create(function, lastAttempt));

        // Failures both, so that the host retries and in the end poisons; only the last attempt leaves a record.
        Assert.Equal(StatusResult.Types.Status.Failure, early.Result.Status);
        Assert.Equal(StatusResult.Types.Status.Failure, last.Result.Status);
        var failures = new LifecycleFunctions.Storage.Failures.FailedEventStore(storage, TimeProvider.System);
        var recorded = await FailedEvents.WaitForAsync(failures, StorageNames.RecomputeShardsQueue, id);
        Assert.NotNull(recorded);
        Assert.True(recorded.Reason.StartsWith("Poisoned: RecomputeShard failed on each of 5 attempts; last: JsonException", StringComparison.Ordinal), recorded.Reason);
        Assert.Equal("not a work item", recorded.RawBody);
        Assert.DoesNotContain(await failures.ListAsync(StorageNames.RecomputeShardsQueue, CancellationToken.None), f => f.MessageId == id + "-early");
    }

    private Task<FunctionsHostSimulator> StartWorkerAsync() =>
        FunctionsHostSimulator.StartAsync(WorkerLaunch.FromAppFolder(AppContext.BaseDirectory, "lifecycle.dll", new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Collect__WriteKeys__0"] = TestApp.WriteKey,
        }));

    /// <summary>The app's storage as deployed: tables and queues exist before the first message.</summary>
    private async Task<StorageClients> StorageAsync()
    {
        var storage = new StorageClients(azurite.ConnectionString);
        await new StorageProvisioner(storage, NullLogger<StorageProvisioner>.Instance)
            .EnsureCreatedAsync([StorageNames.PurchaseEventsQueue, StorageNames.WebsiteEventsQueue], CancellationToken.None);
        return storage;
    }

    private static RpcFunctionMetadata Function(IEnumerable<RpcFunctionMetadata> functions, string name) =>
        functions.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"The worker declared no function {name}.");

    /// <summary>functions.metadata in the app's output, as the Functions host would read it: each function's bindings.</summary>
    private static Dictionary<string, IEnumerable<string>> DeclaredFunctions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        return document.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => (IEnumerable<string>)f.GetProperty("bindings").EnumerateArray().Select(Comparable).Order(StringComparer.Ordinal).ToList());
    }

    private static string Comparable(RawBinding binding) => Comparable(binding.Json);

    /// <summary>A binding's declaration without its (build-time) <c>properties</c>, in a form that compares as text.</summary>
    private static string Comparable(JsonElement binding) => JsonSerializer.Serialize(binding.EnumerateObject()
        .Where(p => p.Name != "properties").OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value));
}
