using Azure.Messaging.ServiceBus;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.Engine.Replay;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using LifecycleFunctions.Storage.Lifecycle;
using LifecycleFunctions.Storage.Messaging;
using LifecycleFunctions.Storage.Operations;
using LifecycleFunctions.Storage.Queues;
using LifecycleFunctions.Storage.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The Azure Storage adapters, each registered as itself and as the engine port it implements (one instance
    /// for both, so a replacement of the adapter serves the port too), and the Service Bus publishing of stage changes.
    /// </summary>
    public static IServiceCollection AddLifecycleStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var storage = services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        storage.Configure<IConfiguration>((o, config) =>
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
        services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<StorageProvisioner>();

        services.AddSingleton<OrderClaims>();
        services.AddSingleton<EventStoreCounters>();
        services.AddSingleton<IEventStore, TableEventStore>();
        services.AddPort<IFailedInputSink, FailedEventStore>();
        services.AddPort<IFailedInputStore, FailedEventStore>();
        services.AddPort<IPoisonQueues, PoisonQueues>();
        services.AddPort<IWebsiteEventQueue, WebsiteEventQueue>();
        services.AddPort<IQueueSender, QueueSender>();

        services.AddPort<IEventLog, EventLogReader>();
        services.AddPort<IPersonStateStore, PersonStateStore>();
        services.AddPort<IIdentityLinkStore, IdentityLinkStore>();
        services.AddPort<IStageMembershipStore, StageMembershipWriter>();
        services.AddPort<IAnalyticsWriter, AnalyticsTables>();
        services.AddPort<IRunStateStore, LifecycleRunStore>();
        services.AddPort<IRecomputeStepStore, RecomputeStepStore>();
        services.AddSingleton<QueueShardDispatcher>();

        services.AddPort<IAnalyticsReader, AnalyticsReader>();
        services.AddPort<IStageMemberReader, StageMemberReader>();
        services.AddPort<IWorkbookStore, FunnelWorkbookBlobs>();
        services.AddPort<IPipelineSnapshotReader, PipelineSnapshotReader>();

        AddStageChangePublishing(services, configuration);
        return services;
    }

    /// <summary>
    /// Service Bus publishing of stage changes. Only resolved when PublishStageChanges runs, which it does only
    /// when Service Bus is configured; a test puts its own <see cref="ServiceBusSender"/> in place of the client's.
    /// </summary>
    private static void AddStageChangePublishing(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceBusOptions>().Bind(configuration.GetSection(ServiceBusOptions.Section));
        services.AddSingleton(sp => ServiceBusClientFactory.Create(sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value));
        services.AddSingleton(sp =>
            sp.GetRequiredService<ServiceBusClient>().CreateSender(sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.Topic));
        services.AddSingleton<StageChangeTopicPublisher>();
    }

    private static void AddPort<TPort, TAdapter>(this IServiceCollection services)
        where TPort : class
        where TAdapter : class, TPort
    {
        // Once, so an adapter that implements two ports is one instance behind both.
        services.TryAddSingleton<TAdapter>();
        services.AddSingleton<TPort>(sp => sp.GetRequiredService<TAdapter>());
    }
}
