using LifecycleFunctions.App.Capture;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Emulator;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using LifecycleFunctions.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Builds the standalone host: the HTTP functions served by Kestrel and the queue functions polled, both from
/// the function.json declarations and host.json, exactly as the Azure Functions host would wire them.
/// </summary>
public static class LifecycleHost
{
    public const string CorsPolicy = "segment";

    /// <summary>The write key a local run accepts when none is configured, so `lifecycle serve` works out of the box.</summary>
    public const string LocalWriteKey = "local-dev-write-key";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var root = FunctionManifest.DefaultRoot;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        var services = builder.Services;
        services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section)).Configure<IConfiguration>((o, config) =>
        {
            // On Azure the Functions host's own storage setting names the account when ours is not set.
            if (builder.Configuration[$"{StorageOptions.Section}:ConnectionString"] is null && config["AzureWebJobsStorage"] is { Length: > 0 } webJobs)
            {
                o.ConnectionString = webJobs;
            }
        });
        services.AddOptions<AzuriteOptions>().Bind(builder.Configuration.GetSection(AzuriteOptions.Section));
        services.AddOptions<CollectOptions>().Bind(builder.Configuration.GetSection(CollectOptions.Section))
            .PostConfigure<IOptions<StorageOptions>>((collect, storage) =>
            {
                if (collect.WriteKeys.Count == 0 && storage.Value.IsDevelopmentStorage)
                {
                    collect.WriteKeys.Add(LocalWriteKey);
                }
            });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton<StorageProvisioner>();
        services.AddSingleton<OrderClaims>();
        services.AddSingleton<EventStoreCounters>();
        services.AddSingleton<IEventStore, TableEventStore>();
        services.AddSingleton<FailedEventStore>();
        services.AddSingleton<WebsiteEventQueue>();
        services.AddSingleton<WriteKeyAuthenticator>();
        services.AddSingleton<SegmentCollector>();
        services.AddSingleton<QueueEventCapture>();
        services.AddSingleton<WebsiteEventIngestion>();
        services.AddSingleton<QueueListenerMetrics>();
        services.AddProblemDetails();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("POST").SetPreflightMaxAge(TimeSpan.FromDays(1))));

        var catalog = new FunctionCatalog(FunctionManifest.Load(root), FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly));
        services.AddSingleton(catalog);
        foreach (var (name, type) in catalog.Handlers)
        {
            var contract = typeof(IHttpFunction).IsAssignableFrom(type) ? typeof(IHttpFunction) : typeof(IQueueFunction);
            services.AddKeyedSingleton(contract, name, type);
        }

        // Registered first so storage exists before any listener polls.
        services.AddHostedService<EmbeddedStorageService>();
        services.AddSingleton(sp => QueueHostSettings.Load(Path.Combine(root, "host.json"), sp.GetRequiredService<IConfiguration>()));
        foreach (var declaration in catalog.Queue)
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueTriggerListener>(sp, declaration));
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        MapHttpFunctions(app, catalog, RoutePrefix(Path.Combine(root, "host.json")));
        return app;
    }

    private static void MapHttpFunctions(WebApplication app, FunctionCatalog catalog, string prefix)
    {
        foreach (var declaration in catalog.Http)
        {
            var trigger = declaration.Trigger;
            var route = string.IsNullOrEmpty(prefix) ? trigger.Route ?? declaration.Name : $"{prefix}/{trigger.Route ?? declaration.Name}";
            var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
            var name = declaration.Name;
            app.MapMethods(route, methods, (Func<HttpContext, Task<IResult>>)(context => context.RequestServices.GetRequiredKeyedService<IHttpFunction>(name).RunAsync(context)))
                .WithName(name)
                .RequireCors(CorsPolicy);
        }
    }

    /// <summary>host.json extensions.http.routePrefix; "api" when absent, as on Azure.</summary>
    private static string RoutePrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return "api";
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        return document.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h) && h.TryGetProperty("routePrefix", out var p)
            ? p.GetString()?.Trim('/') ?? "api"
            : "api";
    }
}
