using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>The function.json files that ship with the app and the classes that handle them stay in step.</summary>
public sealed class FunctionDeclarationTests
{
    [Fact]
    public void Catalog_WithShippedDeclarations_PairsEveryFunctionWithOneHandler()
    {
        var declarations = FunctionManifest.Load(FunctionManifest.DefaultRoot);

        var catalog = new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly));

        Assert.Equal(
            ["CaptureAdEvent", "CapturePurchaseEvent", "CollectSegmentEvents", "DownloadLatestFunnelWorkbook", "ExportFunnelWorkbook", "GetPipelineStatus", "PublishStageChanges", "RecomputeLifecycle", "RecomputeOnDemand", "RecomputeShard", "RequestRecompute", "StoreWebsiteEvents"],
            catalog.Declarations.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.Equal(declarations.Count, catalog.Handlers.Count);
    }

    [Fact]
    public void Catalog_WithServiceBusDeclarations_PairsEveryFunctionWithOneHandler()
    {
        using var package = PackageLayout.Create(PackageLayout.ServiceBus);
        var handlers = FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly);

        var catalog = new FunctionCatalog(package.Declarations(), handlers);

        Assert.Equal(handlers.Select(h => h.Name).Order(StringComparer.Ordinal), catalog.Declarations.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_WithServiceBusDeclarations_TriggersPurchasesFromServiceBusAndKeepsEveryOtherDeclaration()
    {
        using var package = PackageLayout.Create(PackageLayout.ServiceBus);
        var declarations = package.Declarations().ToDictionary(d => d.Name);

        var purchase = declarations[nameof(CapturePurchaseEvent)];
        Assert.True(purchase.IsServiceBus);
        Assert.Equal("purchase-events", purchase.Trigger.QueueName);
        Assert.Equal("ServiceBusConnection", purchase.Trigger.Connection);

        // Everything else is the Storage-queue declaration as it is: PublishStageChanges sends to the topic through
        // the Service Bus SDK, triggered by the stage-changes Storage queue, with no output binding.
        Assert.DoesNotContain(declarations.Values.SelectMany(d => d.Bindings), b => b.Direction == "out" && b.Type.StartsWith("serviceBus", StringComparison.OrdinalIgnoreCase));
        var storage = FunctionManifest.Load(FunctionManifest.DefaultRoot).Where(d => d.Name != nameof(CapturePurchaseEvent));
        Assert.All(storage, d => Assert.Equal(File.ReadAllText(d.Path), File.ReadAllText(declarations[d.Name].Path)));
    }

    [Fact]
    public void Catalog_WithServiceBusDeclarationOnHttpHandler_RefusesToStart()
    {
        var declarations = FunctionManifest.Load(FunctionManifest.DefaultRoot)
            .Select(d => d.Name == nameof(CollectSegmentEvents)
                ? d with { Bindings = [new FunctionBinding { Type = "serviceBusTrigger", Direction = "in", Name = "message", QueueName = "x" }] }
                : d)
            .ToList();

        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly)));

        Assert.Contains("CollectSegmentEvents is declared with a serviceBusTrigger but CollectSegmentEvents does not implement IQueueFunction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_WithQueueOutputOnHttpFunction_RefusesToStartBecauseTheHostWouldNotForwardIt()
    {
        var declarations = FunctionManifest.Load(FunctionManifest.DefaultRoot)
            .Select(d => d.Name == nameof(CollectSegmentEvents)
                ? d with { Bindings = [.. d.Bindings, new FunctionBinding { Type = "queue", Direction = "out", Name = "events", QueueName = "website-events" }] }
                : d)
            .ToList();

        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly)));

        Assert.Contains("CollectSegmentEvents is an HTTP function with 1 binding(s) besides httpTrigger and http out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostJson_AsShipped_ProxiesHttpUnchangedAndLetsTheRecomputeOutliveTheDefaultTimeout()
    {
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionManifest.DefaultRoot, "host.json")));
        var customHandler = host.RootElement.GetProperty("customHandler");

        // The legacy forwarding rebuilds the request and drops content headers such as Content-Encoding.
        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.False(customHandler.TryGetProperty("enableForwardingHttpRequest", out _));

        // The timer's invocation waits for its shard functions phase by phase (each bounded by
        // Recompute:ShardTimeoutMinutes); Flex Consumption's default of 30 minutes would restart the worker mid-run.
        Assert.Equal("-1", host.RootElement.GetProperty("functionTimeout").GetString());
    }

    [Fact]
    public void Load_WithShippedDeclarations_GivesEveryHttpFunctionOnlyItsTriggerAndHttpOutput()
    {
        var http = FunctionManifest.Load(FunctionManifest.DefaultRoot).Where(d => d.IsHttp).ToList();

        Assert.NotEmpty(http);
        Assert.All(http, d => Assert.Equal(["http:out", "httpTrigger:in"], d.Bindings.Select(b => $"{b.Type}:{b.Direction}").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Catalog_WithDeclarationButNoHandler_RefusesToStartAndNamesIt()
    {
        var declarations = FunctionManifest.Load(FunctionManifest.DefaultRoot).Append(
            new FunctionDeclaration("ExportFunnel", "functions/ExportFunnel/function.json", [new FunctionBinding { Type = "httpTrigger", Direction = "in", Name = "req", Route = "api/x" }])).ToList();

        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly)));

        Assert.Contains("Declared without a handler class: ExportFunnel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_WithHandlerButNoDeclaration_RefusesToStartAndNamesIt()
    {
        var declarations = FunctionManifest.Load(FunctionManifest.DefaultRoot).Where(d => d.Name != nameof(CaptureAdEvent)).ToList();

        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly)));

        Assert.Contains("without functions/<Name>/function.json: CaptureAdEvent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_WithQueueDeclarationOnHttpHandler_RefusesToStart()
    {
        var declarations = FunctionManifest.Load(FunctionManifest.DefaultRoot)
            .Select(d => d.Name == nameof(CollectSegmentEvents)
                ? d with { Bindings = [new FunctionBinding { Type = "queueTrigger", Direction = "in", Name = "message", QueueName = "x" }] }
                : d)
            .ToList();

        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly)));

        Assert.Contains("does not implement IQueueFunction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithShippedQueueFunctions_ReadsQueueNamesFromFunctionJson()
    {
        var queues = FunctionManifest.Load(FunctionManifest.DefaultRoot).Where(d => d.IsQueue).ToDictionary(d => d.Name, d => d.Trigger.QueueName);

        Assert.Equal("website-events", queues[nameof(StoreWebsiteEvents)]);
        Assert.Equal("ad-events", queues[nameof(CaptureAdEvent)]);
        Assert.Equal("purchase-events", queues[nameof(CapturePurchaseEvent)]);
        Assert.Equal("stage-changes", queues[nameof(PublishStageChanges)]);
    }

    [Fact]
    public void QueueHostSettings_WithHostJsonAndAppSettingOverride_AppliesOverrideOnTopOfHostJson()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2" })
            .Build();

        var settings = QueueHostSettings.Load(Path.Combine(FunctionManifest.DefaultRoot, "host.json"), configuration);

        Assert.Equal(2, settings.MaxDequeueCount);
        Assert.Equal(16, settings.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxPollingInterval);
        Assert.False(settings.Base64);
    }

    [Fact]
    public void QueueHostSettings_WithTheShippedHostJson_LeasesAMessageForAMinuteAtMost()
    {
        var settings = QueueHostSettings.Load(Path.Combine(FunctionManifest.DefaultRoot, "host.json"), new ConfigurationBuilder().Build());

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

        var error = Assert.Throws<InvalidOperationException>(() => QueueHostSettings.Load(Path.Combine(FunctionManifest.DefaultRoot, "host.json"), configuration));

        Assert.Contains("between 1 and 32", error.Message, StringComparison.Ordinal);
    }
}
