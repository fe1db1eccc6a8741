using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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

    /// <summary>Set by the Azure Functions host when it starts the app as its custom handler.</summary>
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <param name="root">Where host.json and the declarations are: beside the executable, unless a test lays out a package elsewhere.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, string? root = null)
    {
        root ??= FunctionManifest.DefaultRoot;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = root });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        // Defaults under everything else, so a %Setting% in a function.json always resolves.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { [$"{LifecycleOptions.Section}:{nameof(LifecycleOptions.Schedule)}"] = new LifecycleOptions().Schedule },
        });

        var services = builder.Services;
        services.AddLifecycleEngine(builder.Configuration);
        services.AddLifecycleStorage(builder.Configuration);
        services.AddLifecycleReporting();
        services.AddLifecycleHttpCapture(builder.Configuration);
        services.AddProblemDetails();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("POST").SetPreflightMaxAge(TimeSpan.FromDays(1))));

        var catalog = new FunctionCatalog(FunctionManifest.Load(root), FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly));
        services.AddSingleton(catalog);
        foreach (var (name, type) in catalog.Handlers)
        {
            services.AddKeyedSingleton(FunctionCatalog.ContractOf(type), name, type);
        }

        // Started by the Functions host as a custom handler, the host polls the queues and keeps the schedules
        // and invokes us over HTTP; standalone, we do both ourselves.
        var customHandler = !string.IsNullOrEmpty(builder.Configuration[CustomHandlerPortSetting]);
        services.AddSingleton(new HostingMode(customHandler));
        // Registered first so storage exists before any listener polls.
        services.AddSingleton<EmbeddedStorageService>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedStorageService>());
        services.AddSingleton(sp => QueueHostSettings.Load(Path.Combine(root, "host.json"), sp.GetRequiredService<IConfiguration>()));
        if (customHandler)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{builder.Configuration[CustomHandlerPortSetting]}");
        }
        else
        {
            var needsHost = catalog.Declarations.Where(d => d.UsesServiceBus).Select(d => d.Name).ToList();
            if (needsHost.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{string.Join(", ", needsHost)} {(needsHost.Count == 1 ? "needs" : "need")} the Azure Functions host (Service Bus bindings come from its extension bundle). " +
                    "Standalone mode runs the Storage-queue declarations in functions/; deploy the Service Bus variant only to a function app (scripts/publish.sh --messaging servicebus).");
            }

            // Decided when the listener is created, so settings added after this point (tests, hosting) count.
            foreach (var declaration in catalog.Queue)
            {
                services.AddSingleton<IHostedService>(sp => FunctionSwitch.IsDisabled(sp.GetRequiredService<IConfiguration>(), declaration.Name, catalog.Handlers[declaration.Name])
                    ? new DisabledTrigger()
                    : ActivatorUtilities.CreateInstance<QueueTriggerListener>(sp, declaration));
            }

            foreach (var declaration in catalog.Timer)
            {
                services.AddSingleton<IHostedService>(sp => FunctionSwitch.IsDisabled(sp.GetRequiredService<IConfiguration>(), declaration.Name, catalog.Handlers[declaration.Name])
                    ? new DisabledTrigger()
                    : ActivatorUtilities.CreateInstance<TimerTriggerListener>(sp, declaration));
            }
        }

        configure?.Invoke(builder);

        var app = builder.Build();

        // Read now, so a wrong setting stops the app as it starts with its reason, not the first night's recompute.
        try
        {
            app.Services.GetRequiredService<ChannelAliases>();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingException(ex.Message, ex);
        }

        // Bound from configuration alone: the options' post-configuration reads the storage settings, whose own errors
        // are theirs to report when first used.
        if ((app.Configuration.GetSection(CollectOptions.Section).Get<CollectOptions>() ?? new CollectOptions()).StorageTimeoutSeconds is not (> 0 and <= 3600) and var timeout)
        {
            var reason = $"{CollectOptions.Section}:{nameof(CollectOptions.StorageTimeoutSeconds)} must be a number of seconds above 0 (at most 3600); it is {timeout}.";
            throw new InvalidSettingException(reason, new ArgumentException(reason));
        }

        // Read on its own: the storage options as a whole resolve the account, which is not needed to start.
        if (app.Configuration.GetSection(StorageRetryOptions.Section).Get<StorageRetryOptions>()?.Problem() is { } retry)
        {
            throw new InvalidSettingException(retry, new ArgumentException(retry));
        }

        if ((app.Configuration.GetSection(ServiceBusOptions.Section).Get<ServiceBusOptions>() ?? new ServiceBusOptions()).Problem() is { } serviceBusProblem)
        {
            throw new InvalidSettingException(serviceBusProblem, new ArgumentException(serviceBusProblem));
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Behind the Functions host the platform answers preflights and adds the CORS headers (infra sets
        // siteConfig.cors); a second set from the app would make browsers refuse the response.
        if (!customHandler)
        {
            app.UseCors();
        }

        MapHttpFunctions(app, catalog, RoutePrefix(Path.Combine(root, "host.json")), standalone: !customHandler);
        if (customHandler)
        {
            MapInvocations(app, catalog);
            WarnIfServiceBusIsNotConfigured(app, catalog);
        }
        else
        {
            LogDisabledFunctions(app, catalog);
        }

        return app;
    }

    /// <param name="standalone">Not behind the Functions host: the app checks function keys and answers CORS itself.</param>
    private static void MapHttpFunctions(WebApplication app, FunctionCatalog catalog, string prefix, bool standalone)
    {
        foreach (var declaration in catalog.Http.Where(d => !standalone || !FunctionSwitch.IsDisabled(app.Configuration, d.Name, catalog.Handlers[d.Name])))
        {
            var trigger = declaration.Trigger;
            var route = string.IsNullOrEmpty(prefix) ? trigger.Route ?? declaration.Name : $"{prefix}/{trigger.Route ?? declaration.Name}";
            var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
            var name = declaration.Name;
            var endpoint = app.MapMethods(route, methods, (Func<HttpContext, Task<IResult>>)(context => context.RequestServices.GetRequiredKeyedService<IHttpFunction>(name).RunAsync(context)))
                .WithName(name)
                .AddEndpointFilter<StorageUnavailableFilter>();
            if (trigger.AuthLevel is "function" or "admin")
            {
                // Behind the Functions host, the host has checked its own function keys before forwarding.
                if (standalone)
                {
                    endpoint.AddEndpointFilter<FunctionKeyFilter>();
                }
            }
            else if (standalone)
            {
                endpoint.RequireCors(CorsPolicy);
            }
        }
    }

    private static void LogDisabledFunctions(WebApplication app, FunctionCatalog catalog)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LifecycleHost));
        foreach (var declaration in catalog.Declarations)
        {
            if (FunctionSwitch.IsDisabled(app.Configuration, declaration.Name))
            {
                logger.LogWarning("Function {Function} is disabled by the app setting {Setting}: it is not triggered", declaration.Name, FunctionSwitch.SettingName(declaration.Name));
            }
            else if (FunctionSwitch.LacksServiceBus(app.Configuration, catalog.Handlers[declaration.Name]))
            {
                // Expected with the default Storage-queue messaging, so not a warning.
                logger.LogInformation("Function {Function} is off: Service Bus is not configured ({Section}:FullyQualifiedNamespace or {Section}:ConnectionString)", declaration.Name, ServiceBusOptions.Section, ServiceBusOptions.Section);
            }
        }
    }

    /// <summary>POST /{FunctionName} for every message and timer function, as the Functions host invokes a custom handler.</summary>
    private static void MapInvocations(WebApplication app, FunctionCatalog catalog)
    {
        foreach (var declaration in catalog.Messages.Concat(catalog.Timer))
        {
            app.MapPost("/" + declaration.Name, async (HttpContext context) =>
            {
                var services = context.RequestServices;
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
                using var invocation = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                QueueTriggerMessage? message = null;
                try
                {
                    if (declaration.IsMessage)
                    {
                        message = CustomHandlerInvocation.ReadQueueMessage(invocation.RootElement, declaration, now);
                        await services.GetRequiredKeyedService<IQueueFunction>(declaration.Name).RunAsync(message, context.RequestAborted);
                    }
                    else
                    {
                        var timer = CustomHandlerInvocation.ReadTimer(invocation.RootElement, declaration, now);
                        await services.GetRequiredKeyedService<ITimerFunction>(declaration.Name).RunAsync(timer, context.RequestAborted);
                    }

                    return CustomHandlerInvocation.Reply([]);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A non-2xx reply makes the host count a failed attempt: it retries, and in the end poisons the
                    // message (Storage queues) or Service Bus dead-letters it after maxDeliveryCount.
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LifecycleHost)).LogError(ex, "{Function} failed", declaration.Name);
                    if (declaration.IsQueue && message is not null && message.DequeueCount >= services.GetRequiredService<QueueHostSettings>().MaxDequeueCount)
                    {
                        // The host moves it to <queue>-poison after this reply, with the body only: say why here.
                        await services.GetRequiredService<PoisonRecorder>().RecordAsync(declaration.Name, message.QueueName, message.MessageId, message.Body, message.DequeueCount, PoisonRecorder.Describe(ex));
                    }

                    return CustomHandlerInvocation.Reply([$"{declaration.Name} failed: {ex.Message}"], StatusCodes.Status500InternalServerError);
                }
            }).WithName(declaration.Name + "Invocation");
        }
    }

    /// <summary>
    /// The Service Bus package on an app provisioned without Service Bus: the host cannot start those triggers, and
    /// purchases sent to the Service Bus queue would wait there. Said at start, since the app keeps serving the rest.
    /// </summary>
    private static void WarnIfServiceBusIsNotConfigured(WebApplication app, FunctionCatalog catalog)
    {
        // The host triggers these unless AzureWebJobs.<Name>.Disabled says not to (the Bicep sets it without Service
        // Bus); triggered, each would fail and end in its -poison queue.
        foreach (var declaration in catalog.Declarations.Where(d => !FunctionSwitch.IsDisabled(app.Configuration, d.Name) && FunctionSwitch.LacksServiceBus(app.Configuration, catalog.Handlers[d.Name])))
        {
            app.Logger.LogWarning(
                "{Function} publishes to Service Bus, which is not configured ({Section}:FullyQualifiedNamespace or {Section}:ConnectionString); set {Setting} to true, or its messages will fail into the -poison queue",
                declaration.Name, ServiceBusOptions.Section, ServiceBusOptions.Section, FunctionSwitch.SettingName(declaration.Name));
        }

        static bool ServiceBus(FunctionBinding b) => b.Type.StartsWith("serviceBus", StringComparison.OrdinalIgnoreCase) && b.Connection is not null;
        var functions = catalog.Declarations.Where(d => d.Bindings.Any(ServiceBus)).ToList();
        foreach (var connection in functions.SelectMany(d => d.Bindings).Where(ServiceBus).Select(b => b.Connection!).Distinct(StringComparer.Ordinal))
        {
            var section = app.Configuration.GetSection(connection);
            if (string.IsNullOrEmpty(section.Value) && string.IsNullOrEmpty(section["fullyQualifiedNamespace"]))
            {
                app.Logger.LogWarning(
                    "{Functions} use the Service Bus connection {Connection}, but no app setting configures it (<connection>__fullyQualifiedNamespace, or a connection string); deploy with useServiceBus=true or publish the Storage-queue package",
                    string.Join(", ", functions.Select(f => f.Name)), connection);
            }
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
