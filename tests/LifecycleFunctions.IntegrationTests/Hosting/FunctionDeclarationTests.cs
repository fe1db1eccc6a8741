using System.Collections.Immutable;
using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// The declarations the Worker SDK generates from the [Function] attributes (what the Functions host is told) are what the
/// standalone host serves, and it refuses a declaration it could not serve as the host would.
/// </summary>
public sealed class FunctionDeclarationTests
{
    private static readonly string AppDirectory = AppContext.BaseDirectory;

    [Fact]
    public void Load_WithTheAppsFunctions_DeclaresEveryFunctionClassWithItsMethod()
    {
        var catalog = FunctionCatalog.Load();

        Assert.Equal(
            ["CaptureAdEvent", "CapturePurchaseEvent", "CollectSegmentEvents", "DownloadLatestFunnelWorkbook", "ExportFunnelWorkbook", "GetPipelineStatus",
             "PublishStageChanges", "RecomputeLifecycle", "RecomputeOnDemand", "RecomputeShard", "RequestRecompute", "StoreWebsiteEvents"],
            catalog.Declarations.Select(d => d.Name));
        // One class per function, named as the function: the class that says what the function does.
        Assert.All(catalog.Declarations, d => Assert.Equal(d.Name, d.Handler.Name));
        var classes = typeof(CaptureAdEvent).Assembly.GetTypes().Where(t => t.Namespace == typeof(CaptureAdEvent).Namespace && t.IsPublic).Select(t => t.Name);
        Assert.Equal(classes.Order(StringComparer.Ordinal), catalog.Declarations.Select(d => d.Name));
    }

    [Fact]
    public void Load_WithTheAppsFunctions_MatchesTheFunctionsMetadataFileTheHostReads()
    {
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppDirectory, "functions.metadata")));

        var published = file.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString(), EntryPoint: f.GetProperty("entryPoint").GetString()))
            .OrderBy(f => f.Name, StringComparer.Ordinal);

        Assert.Equal(published, FunctionCatalog.Load().Declarations.Select(d => ((string?)d.Name, (string?)$"{d.Handler.FullName}.{d.Method.Name}")));
    }

    [Fact]
    public void Load_WithShippedHttpFunctions_GivesEachOnlyItsTriggerAndHttpReturn()
    {
        var http = FunctionCatalog.Load().Http.ToList();

        Assert.Equal(5, http.Count);
        Assert.All(http, d => Assert.Equal(["http:Out", "httpTrigger:In"], d.Bindings.Select(b => $"{b.Type}:{b.Direction}").Order(StringComparer.Ordinal)));
        Assert.False(FunctionCatalog.Load()[nameof(CollectSegmentEvents)].Trigger.NeedsKey);
        Assert.All(http.Where(d => d.Name != nameof(CollectSegmentEvents)), d => Assert.True(d.Trigger.NeedsKey, $"{d.Name} must need a function key."));
    }

    [Fact]
    public void Load_WithShippedQueueFunctions_ReadsQueueNamesFromTheAttributes()
    {
        var queues = FunctionCatalog.Load().Queue.ToDictionary(d => d.Name, d => d.Trigger.QueueName);

        Assert.Equal("website-events", queues[nameof(StoreWebsiteEvents)]);
        Assert.Equal("ad-events", queues[nameof(CaptureAdEvent)]);
        Assert.Equal("purchase-events", queues[nameof(CapturePurchaseEvent)]);
        Assert.Equal("stage-changes", queues[nameof(PublishStageChanges)]);
        Assert.Equal("recompute-requests", queues[nameof(RecomputeOnDemand)]);
        Assert.Equal("recompute-shards", queues[nameof(RecomputeShard)]);
    }

    [Fact]
    public void Load_WithTheNightlyTimer_DeclaresTheScheduleSettingAndTheMonitor()
    {
        var timer = FunctionCatalog.Load().Timer.Single();

        Assert.Equal(nameof(RecomputeLifecycle), timer.Name);
        Assert.Equal("%Lifecycle:Schedule%", timer.Trigger.Schedule);
        Assert.True(timer.Trigger.UseMonitor, "Without the monitor a run missed while the app was down is never made up.");
    }

    [Fact]
    public void Catalog_WithATriggerTheStandaloneHostDoesNotServe_RefusesAndNamesIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog(Metadata(nameof(CaptureAdEvent), """{"name":"message","type":"serviceBusTrigger","direction":"In","queueName":"x"}""")));

        Assert.Contains("CaptureAdEvent has a serviceBusTrigger, which the standalone host does not serve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_WithTwoTriggers_Refuses()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog(Metadata(nameof(CaptureAdEvent),
            """{"name":"message","type":"queueTrigger","direction":"In","queueName":"x"}""", """{"name":"other","type":"queueTrigger","direction":"In","queueName":"y"}""")));

        Assert.Contains("exactly one trigger; it declares 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_WithAnEntryPointThatIsNotInTheApp_RefusesAndNamesIt()
    {
        var metadata = new DefaultFunctionMetadata
        {
            Name = "Ghost",
            EntryPoint = "LifecycleFunctions.App.Functions.Ghost.RunAsync",
            RawBindings = ["""{"name":"message","type":"queueTrigger","direction":"In","queueName":"x"}"""],
        };

        var error = Assert.Throws<InvalidOperationException>(() => Catalog(metadata));

        Assert.Contains("Ghost: its entry point 'LifecycleFunctions.App.Functions.Ghost.RunAsync' is not one public method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostedFunction_WithAParameterTheStandaloneHostCannotBind_RefusesToStart()
    {
        // An HTTP trigger on a queue function's method: its QueueMessage parameter has nothing to bind from.
        var catalog = Catalog(Metadata(nameof(CaptureAdEvent), """{"name":"req","type":"httpTrigger","direction":"In","authLevel":"Function","methods":["post"],"route":"x"}"""));

        var error = Assert.Throws<InvalidOperationException>(() => new HostedFunction(catalog.Declarations[0], new ServiceCollection().BuildServiceProvider()));

        Assert.Contains("cannot bind parameter 'message' (QueueMessage) of a httpTrigger function", error.Message, StringComparison.Ordinal);
    }

    /// <summary>No drift between what Azure is told and what runs locally: each HTTP function of functions.metadata is served
    /// standalone at host.json's route prefix + its route, for its methods only, and nothing else is.</summary>
    [Fact]
    public async Task StandaloneHost_WithTheShippedDeclarations_ServesEachHttpFunctionAtItsDeclaredRouteAndMethods()
    {
        await using var app = LifecycleHost.Build(["--Storage:ConnectionString=UseDevelopmentStorage=true"]);
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppDirectory, "functions.metadata")));
        var prefix = LifecycleHost.RoutePrefix(Path.Combine(AppDirectory, "host.json"));

        var declared = file.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().First()))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => $"{f.Name} {Methods(f.Trigger)} /{prefix}{(prefix.Length > 0 ? "/" : "")}{f.Trigger.GetProperty("route").GetString()}")
            .Order(StringComparer.Ordinal);
        var served = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)} /{e.RoutePattern.RawText!.TrimStart('/')}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, served);
    }

    [Fact]
    public void HostJson_AsShipped_IsAnIsolatedWorkersAndLetsTheRecomputeOutliveTheDefaultTimeout()
    {
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppDirectory, "host.json")));

        // Neither a custom handler nor an extension bundle: the worker brings its own extensions (extensions.json).
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
        Assert.False(host.RootElement.TryGetProperty("extensionBundle", out _));
        Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());

        // The timer's invocation waits for its shard functions phase by phase (each bounded by
        // Recompute:ShardTimeoutMinutes); Flex Consumption's default of 30 minutes would restart the worker mid-run.
        Assert.Equal("-1", host.RootElement.GetProperty("functionTimeout").GetString());
    }

    [Fact]
    public void QueueHostSettings_WithHostJsonAndAppSettingOverride_AppliesOverrideOnTopOfHostJson()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2" })
            .Build();

        var settings = QueueHostSettings.Load(Path.Combine(AppDirectory, "host.json"), configuration);

        Assert.Equal(2, settings.MaxDequeueCount);
        Assert.Equal(16, settings.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxPollingInterval);
        Assert.False(settings.Base64);
    }

    [Fact]
    public void QueueHostSettings_WithTheShippedHostJson_LeasesAMessageForAMinuteAtMost()
    {
        var settings = QueueHostSettings.Load(Path.Combine(AppDirectory, "host.json"), new ConfigurationBuilder().Build());

        // The lease is how late a message comes back when the app dies holding it (or cannot release it).
        Assert.InRange(settings.ProcessingLease, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1));
        Assert.True(MessageLease.RenewalInterval(settings.ProcessingLease) * 2 < settings.ProcessingLease, "One failed renewal would lose the lease.");
    }

    [Fact]
    public void QueueHostSettings_WithBatchSizeOver32_RefusesWithTheRange()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:batchSize"] = "64" })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => QueueHostSettings.Load(Path.Combine(AppDirectory, "host.json"), configuration));

        Assert.Contains("between 1 and 32", error.Message, StringComparison.Ordinal);
    }

    private static string Methods(System.Text.Json.JsonElement trigger) =>
        string.Join(",", trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));

    private static FunctionCatalog Catalog(params IFunctionMetadata[] metadata) => new(metadata.ToImmutableArray(), typeof(CaptureAdEvent).Assembly);

    private static DefaultFunctionMetadata Metadata(string function, params string[] bindings) => new()
    {
        Name = function,
        EntryPoint = $"LifecycleFunctions.App.Functions.{function}.RunAsync",
        RawBindings = [.. bindings],
    };
}
