using LifecycleFunctions.Storage.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The standalone host (`lifecycle serve`, the demo, the tests): the same function classes the Functions host runs
/// through the isolated worker, wired from the same generated declarations and host.json as the Functions host would
/// wire them: HTTP routes under the route prefix with function keys, a polling listener per queue trigger, and the
/// timer with its schedule monitor.
/// </summary>
public static class LifecycleHost
{
    public const string CorsPolicy = "segment";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        LifecycleServices.AddDefaults(builder.Configuration);

        var services = builder.Services;
        services.AddLifecycleApp(builder.Configuration, behindFunctionsHost: false);
        services.AddSingleton<FunctionKeyFilter>();
        services.AddSingleton<StorageUnavailableFilter>();
        services.AddCors(o => o.AddPolicy(CorsPolicy,
            p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("POST").SetPreflightMaxAge(TimeSpan.FromDays(1))));

        // Decided when the listener is created, so settings added after this point (tests, hosting) count.
        foreach (var declaration in FunctionCatalog.Load().Declarations.Where(d => !d.IsHttp))
        {
            services.AddSingleton<IHostedService>(sp =>
            {
                if (FunctionSwitch.IsDisabled(sp.GetRequiredService<IConfiguration>(), declaration.Name, declaration.Handler))
                {
                    return new DisabledTrigger();
                }

                var function = new HostedFunction(declaration, sp);
                return declaration.IsQueue
                    ? ActivatorUtilities.CreateInstance<QueueTriggerListener>(sp, function)
                    : ActivatorUtilities.CreateInstance<TimerTriggerListener>(sp, declaration.Name, declaration.Trigger,
                        (Func<TimerInfo, CancellationToken, Task>)function.InvokeTimerAsync);
            });
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        LifecycleServices.CheckSettings(app.Services, app.Configuration);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        MapHttpFunctions(app, app.Services.GetRequiredService<FunctionCatalog>(), RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));
        LogDisabledFunctions(app, app.Services.GetRequiredService<FunctionCatalog>());
        return app;
    }

    /// <summary>As the Functions host routes them: a function key where the authLevel asks for one, CORS for the anonymous collection API.</summary>
    private static void MapHttpFunctions(WebApplication app, FunctionCatalog catalog, string prefix)
    {
        foreach (var declaration in catalog.Http.Where(d => !FunctionSwitch.IsDisabled(app.Configuration, d.Name, d.Handler)))
        {
            var trigger = declaration.Trigger;
            var route = string.IsNullOrEmpty(prefix) ? trigger.Route ?? declaration.Name : $"{prefix}/{trigger.Route ?? declaration.Name}";
            var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
            var function = new Lazy<HostedFunction>(() => new HostedFunction(declaration, app.Services));
            var endpoint = app.MapMethods(route, methods, (Func<HttpContext, Task<IResult>>)(context => function.Value.InvokeHttpAsync(context)))
                .WithName(declaration.Name)
                .AddEndpointFilter<StorageUnavailableFilter>();
            if (trigger.NeedsKey)
            {
                endpoint.AddEndpointFilter<FunctionKeyFilter>();
            }
            else
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
                logger.LogWarning("Function {Function} is disabled by the app setting {Setting}: it is not triggered",
                    declaration.Name, FunctionSwitch.SettingName(declaration.Name));
            }
            else if (FunctionSwitch.LacksServiceBus(app.Configuration, declaration.Handler))
            {
                // Expected with the default Storage-queue messaging, so not a warning.
                logger.LogInformation(
                    "Function {Function} is off: Service Bus is not configured ({Section}:FullyQualifiedNamespace or {Section}:ConnectionString)",
                    declaration.Name, ServiceBusOptions.Section, ServiceBusOptions.Section);
            }
        }
    }

    /// <summary>host.json extensions.http.routePrefix; "api" when absent, as on Azure.</summary>
    public static string RoutePrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return "api";
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        return document.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h)
               && h.TryGetProperty("routePrefix", out var p)
            ? p.GetString()?.Trim('/') ?? "api"
            : "api";
    }
}
