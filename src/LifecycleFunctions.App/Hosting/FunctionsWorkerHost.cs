using LifecycleFunctions.Storage.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The isolated worker the Azure Functions host starts: the host owns the triggers (HTTP with its function keys, queues
/// with host.json's settings and poison queues, the timer's schedule monitor), the worker runs the same functions and
/// services as the standalone host, and its logs go to Application Insights when the app has a connection string.
/// </summary>
public static class FunctionsWorkerHost
{
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        LifecycleServices.AddDefaults(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        // Inside the ASP.NET Core integration's own middleware, so their results are written as the functions' would be.
        builder.UseMiddleware<StorageUnavailableMiddleware>();
        builder.UseMiddleware<PoisonReasonMiddleware>();
        builder.Services.AddLifecycleApp(builder.Configuration, behindFunctionsHost: true);

        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
            // The Application Insights provider keeps only warnings by default; the recompute's run figures and the
            // capture counts are Information, and the app's Logging settings (appsettings.json) are the filter that should apply.
            builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
            {
                if (options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsLoggerProvider) is { } rule)
                {
                    options.Rules.Remove(rule);
                }
            });
        }

        var host = builder.Build();
        LifecycleServices.CheckSettings(host.Services, builder.Configuration);
        WarnOfFunctionsWithNothingToDo(host.Services, builder.Configuration);
        return host;
    }

    /// <summary>
    /// The host triggers a function unless AzureWebJobs.&lt;Name&gt;.Disabled says not to (the Bicep sets it without Service
    /// Bus); triggered without Service Bus, each stage change would fail into stage-changes-poison. Said once at start.
    /// </summary>
    private static void WarnOfFunctionsWithNothingToDo(IServiceProvider services, IConfiguration configuration)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionsWorkerHost));
        foreach (var declaration in services.GetRequiredService<FunctionCatalog>().Declarations)
        {
            if (!FunctionSwitch.IsDisabled(configuration, declaration.Name) && FunctionSwitch.LacksServiceBus(configuration, declaration.Handler))
            {
                logger.LogWarning(
                    "{Function} publishes to Service Bus, which is not configured ({Section}:FullyQualifiedNamespace or {Section}:ConnectionString); "
                    + "set {Setting} to true, or its messages will fail into the -poison queue",
                    declaration.Name, ServiceBusOptions.Section, ServiceBusOptions.Section, FunctionSwitch.SettingName(declaration.Name));
            }
        }
    }
}
