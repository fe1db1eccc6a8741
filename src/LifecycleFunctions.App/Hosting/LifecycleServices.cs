using Azure.Messaging.ServiceBus;
using LifecycleFunctions.App.Capture;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.App.Operations;
using LifecycleFunctions.App.Replay;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Emulator;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using LifecycleFunctions.Storage.Lifecycle;
using LifecycleFunctions.Storage.Messaging;
using LifecycleFunctions.Storage.Operations;
using LifecycleFunctions.Storage.Queues;
using LifecycleFunctions.Storage.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).Configure<IConfiguration>((o, config) =>
        {
            // On Azure the Functions host's own storage setting names the account when ours is not set:
            // a connection string, or an identity-based connection (AzureWebJobsStorage__accountName and so on).
            if (config[$"{StorageOptions.Section}:ConnectionString"] is not null)
            {
                return;
            }

            if (config["AzureWebJobsStorage"] is { Length: > 0 } webJobs)
            {
                o.ConnectionString = webJobs;
            }
            else
            {
                o.Identity = IdentityStorageAccount.FromConfiguration(config.GetSection("AzureWebJobsStorage"));
            }
        });
        services.AddOptions<AzuriteOptions>().Bind(configuration.GetSection(AzuriteOptions.Section));
        services.AddOptions<CollectOptions>().Bind(configuration.GetSection(CollectOptions.Section))
            .PostConfigure<IOptions<StorageOptions>>((collect, storage) =>
            {
                if (collect.WriteKeys.Count == 0 && storage.Value.IsDevelopmentStorage)
                {
                    collect.WriteKeys.Add(LocalWriteKey);
                }
            });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new StorageClients(EmulatorPorts.Apply(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<AzuriteOptions>>().Value)));
        services.AddSingleton<StorageProvisioner>();
        services.AddSingleton<OrderClaims>();
        services.AddSingleton<EventStoreCounters>();
        services.AddSingleton<IEventStore, TableEventStore>();
        services.AddSingleton<FailedEventStore>();
        services.AddSingleton<PoisonRecorder>();
        services.AddSingleton<PoisonQueues>();
        services.AddSingleton<FailedInputReplayer>();
        services.AddSingleton<WebsiteEventQueue>();
        services.AddSingleton<WriteKeyAuthenticator>();
        services.AddSingleton<SegmentCollector>();
        services.AddSingleton<StoreOutcomeRecorder>();
        // One for every HTTP function: an outage is the app's, however many requests it refuses.
        services.AddKeyedSingleton(HttpStorageGuard.OutageLogKey, (sp, _) =>
            new StorageOutageLog(sp.GetRequiredService<ILogger<HttpStorageGuard>>(), sp.GetRequiredService<TimeProvider>(), "HTTP functions"));
        services.AddSingleton<HttpStorageGuard>();
        services.AddSingleton<QueueEventCapture>();
        services.AddSingleton<WebsiteEventIngestion>();
        services.AddSingleton<QueueListenerMetrics>();
        AddLifecycleEngine(services, configuration);
        AddStageChangePublishing(services, configuration);
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
        if ((configuration.GetSection(CollectOptions.Section).Get<CollectOptions>() ?? new CollectOptions()).StorageTimeoutSeconds is not (> 0 and <= 3600) and var timeout)
        {
            var reason = $"{CollectOptions.Section}:{nameof(CollectOptions.StorageTimeoutSeconds)} must be a number of seconds above 0 (at most 3600); it is {timeout}.";
            throw new InvalidSettingException(reason, new ArgumentException(reason));
        }

        // Read on its own: the storage options as a whole resolve the account, which is not needed to start.
        if (configuration.GetSection(StorageRetryOptions.Section).Get<StorageRetryOptions>()?.Problem() is { } retry)
        {
            throw new InvalidSettingException(retry, new ArgumentException(retry));
        }

        if ((configuration.GetSection(ServiceBusOptions.Section).Get<ServiceBusOptions>() ?? new ServiceBusOptions()).Problem() is { } serviceBusProblem)
        {
            throw new InvalidSettingException(serviceBusProblem, new ArgumentException(serviceBusProblem));
        }
    }

    /// <summary>Defaults under every other configuration source, so %Lifecycle:Schedule% in a declaration always resolves.</summary>
    public static void AddDefaults(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { [$"{LifecycleOptions.Section}:{nameof(LifecycleOptions.Schedule)}"] = new LifecycleOptions().Schedule },
        });

    /// <summary>
    /// Service Bus publishing of stage changes. Only resolved when PublishStageChanges runs, which it does only
    /// when Service Bus is configured; a test puts its own <see cref="ServiceBusSender"/> in place of the client's.
    /// </summary>
    private static void AddStageChangePublishing(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceBusOptions>().Bind(configuration.GetSection(ServiceBusOptions.Section));
        services.AddSingleton(sp => ServiceBusClientFactory.Create(sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.Topic));
        services.AddSingleton<StageChangeTopicPublisher>();
    }

    private static void AddLifecycleEngine(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().BindLifecycle(configuration);
        services.AddOptions<RecomputeOptions>().Bind(configuration.GetSection(RecomputeOptions.Section));
        services.AddOptions<FunctionKeyOptions>().Bind(configuration.GetSection(FunctionKeyOptions.Section))
            .PostConfigure<IOptions<StorageOptions>>((keys, storage) =>
            {
                if (string.IsNullOrEmpty(keys.FunctionKey) && storage.Value.IsDevelopmentStorage)
                {
                    keys.FunctionKey = FunctionKeyOptions.LocalKey;
                }
            });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LifecycleOptions>>().Value);
        services.AddSingleton(sp => new ChannelAliases(sp.GetRequiredService<LifecycleOptions>().ChannelAliases));
        services.AddSingleton<PersonFolder>();
        services.AddSingleton<StageClassifier>();
        services.AddSingleton<StageTimeline>();
        services.AddSingleton<EventLogReader>();
        services.AddSingleton<PersonStateStore>();
        services.AddSingleton<IdentityLinkStore>();
        services.AddSingleton<StageMembershipWriter>();
        services.AddSingleton<AnalyticsTables>();
        services.AddSingleton<AnalyticsReader>();
        services.AddSingleton<StageMemberReader>();
        services.AddSingleton<FunnelReportLoader>();
        services.AddSingleton<FunnelWorkbookBlobs>();
        services.AddSingleton<FunnelWorkbookPublisher>();
        services.AddSingleton(new FunnelWorkbookExporter());
        services.AddSingleton<LifecycleRunStore>();
        services.AddSingleton<RecomputeStepStore>();
        services.AddSingleton<ShardFold>();
        services.AddSingleton<ShardClassify>();
        services.AddSingleton<RecomputeShardWork>();
        services.AddSingleton<InProcessShardDispatcher>();
        services.AddSingleton<QueueShardDispatcher>();
        services.AddSingleton<LifecycleRecompute>();
        services.AddSingleton<RecomputeRequests>();
        services.AddSingleton<PipelineSnapshotReader>();
        services.AddSingleton<PipelineStatusService>();
        services.AddSingleton<FunctionKeyFilter>();
    }
}
