using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Emulator;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.App.Operations;
using LifecycleFunctions.App.Replay;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.Engine.Replay;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The app's services, the same under both hosts: the isolated worker the Functions host starts, and the standalone
/// host of `lifecycle serve`, the demo and the tests. Each host adds only its own wiring around them.
/// </summary>
public static class LifecycleServices
{
    /// <summary>The write key a local run accepts when none is configured, so `lifecycle serve` works out of the box.</summary>
    public const string LocalWriteKey = "local-dev-write-key";

    /// <param name="behindFunctionsHost">Started by the Functions host: it owns triggers, keys and CORS, and the
    /// infrastructure has created the storage already.</param>
    public static IServiceCollection AddLifecycleApp(this IServiceCollection services, IConfiguration configuration, bool behindFunctionsHost)
    {
        // Each layer adds its own: the engine's use cases, the Azure adapters of its ports, the Excel exporter.
        services.AddLifecycleEngine(configuration);
        services.AddLifecycleStorage(configuration);
        services.AddLifecycleReporting();

        services.AddOptions<AzuriteOptions>().Bind(configuration.GetSection(AzuriteOptions.Section));
        // The emulator the app starts may listen on other ports than "UseDevelopmentStorage=true" means: the clients follow it.
        services.Replace(ServiceDescriptor.Singleton(sp => new StorageClients(
            EmulatorPorts.Apply(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<AzuriteOptions>>().Value))));

        services.AddOptions<CollectOptions>().Bind(configuration.GetSection(CollectOptions.Section))
            .PostConfigure<IOptions<StorageOptions>>((collect, storage) =>
            {
                if (collect.WriteKeys.Count == 0 && storage.Value.IsDevelopmentStorage)
                {
                    collect.WriteKeys.Add(LocalWriteKey);
                }
            });
        services.AddSingleton<WriteKeyAuthenticator>();
        services.AddSingleton<SegmentCollector>();
        services.AddOptions<FunctionKeyOptions>().Bind(configuration.GetSection(FunctionKeyOptions.Section))
            .PostConfigure<IOptions<StorageOptions>>((keys, storage) =>
            {
                if (string.IsNullOrEmpty(keys.FunctionKey) && storage.Value.IsDevelopmentStorage)
                {
                    keys.FunctionKey = FunctionKeyOptions.LocalKey;
                }
            });

        // One for every HTTP function: an outage is the app's, however many requests it refuses.
        services.AddKeyedSingleton(HttpStorageGuard.OutageLogKey, (sp, _) =>
            new StorageOutageLog(sp.GetRequiredService<ILogger<HttpStorageGuard>>(), sp.GetRequiredService<TimeProvider>(), "HTTP functions"));
        services.AddSingleton<HttpStorageGuard>();
        services.AddSingleton<PoisonRecorder>();
        services.AddSingleton<QueueListenerMetrics>();
        services.AddSingleton<RecomputeRequests>();
        services.AddSingleton<IPipelineDeclarations, DeclaredPipeline>();
        services.AddSingleton<IReplaySources, ReplaySources>();
        services.AddSingleton<IWebsiteEventRecapture, WebsiteEventRecapture>();
        services.AddProblemDetails();

        services.AddSingleton(_ => FunctionCatalog.Load());
        services.AddSingleton(new HostingMode(behindFunctionsHost));
        services.AddSingleton(_ => QueueHostSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json"), configuration));
        // Registered before any listener, so storage exists before they poll.
        services.AddSingleton<EmbeddedStorageService>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedStorageService>());
        return services;
    }

    /// <summary>
    /// Settings read as the app starts, so a wrong one stops it with its reason rather than failing the first
    /// request or the first night's recompute.
    /// </summary>
    public static void CheckSettings(IServiceProvider services, IConfiguration configuration)
    {
        try
        {
            services.GetRequiredService<ChannelAliases>();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingException(ex.Message, ex);
        }

        // Bound from configuration alone: the options' post-configuration reads the storage settings, whose own errors
        // are theirs to report when first used.
        var collect = configuration.GetSection(CollectOptions.Section).Get<CollectOptions>() ?? new CollectOptions();
        if (collect.StorageTimeoutSeconds is not (> 0 and <= 3600) and var timeout)
        {
            var reason = $"{CollectOptions.Section}:{nameof(CollectOptions.StorageTimeoutSeconds)} must be a number of seconds above 0 "
                + $"(at most 3600); it is {timeout}.";
            throw new InvalidSettingException(reason, new ArgumentException(reason));
        }

        // Read on its own: the storage options as a whole resolve the account, which is not needed to start.
        if (configuration.GetSection(StorageRetryOptions.Section).Get<StorageRetryOptions>()?.Problem() is { } retry)
        {
            throw new InvalidSettingException(retry, new ArgumentException(retry));
        }

        var serviceBus = configuration.GetSection(ServiceBusOptions.Section).Get<ServiceBusOptions>() ?? new ServiceBusOptions();
        if (serviceBus.Problem() is { } serviceBusProblem)
        {
            throw new InvalidSettingException(serviceBusProblem, new ArgumentException(serviceBusProblem));
        }
    }

    /// <summary>Defaults under every other configuration source, so %Lifecycle:Schedule% in a declaration always resolves.</summary>
    public static void AddDefaults(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [$"{LifecycleOptions.Section}:{nameof(LifecycleOptions.Schedule)}"] = new LifecycleOptions().Schedule,
            },
        });
}
