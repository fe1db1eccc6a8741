using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Emulator;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.App.Operations;
using LifecycleFunctions.App.Replay;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App;

public static class AppServiceCollectionExtensions
{
    /// <summary>
    /// What the executable adds to the engine and its adapters: the Segment-compatible HTTP capture, the function
    /// keys and storage-outage handling of the HTTP functions, the queue listeners' poison records and metrics,
    /// the admin endpoints' services, failed-input replay, and the local emulator the CLI starts.
    /// </summary>
    public static IServiceCollection AddLifecycleHttpCapture(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AzuriteOptions>().Bind(configuration.GetSection(AzuriteOptions.Section));
        // The emulator the app starts may listen on other ports than "UseDevelopmentStorage=true" means: the clients follow it.
        services.Replace(ServiceDescriptor.Singleton(sp => new StorageClients(
            EmulatorPorts.Apply(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<AzuriteOptions>>().Value))));

        services.AddOptions<CollectOptions>().Bind(configuration.GetSection(CollectOptions.Section))
            .PostConfigure<IOptions<StorageOptions>>((collect, storage) =>
            {
                if (collect.WriteKeys.Count == 0 && storage.Value.IsDevelopmentStorage)
                {
                    collect.WriteKeys.Add(LifecycleHost.LocalWriteKey);
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
        services.AddSingleton<FunctionKeyFilter>();
        // One for every HTTP function: an outage is the app's, however many requests it refuses.
        services.AddKeyedSingleton(StorageUnavailableFilter.OutageLogKey, (sp, _) =>
            new StorageOutageLog(
                sp.GetRequiredService<ILogger<StorageUnavailableFilter>>(),
                sp.GetRequiredService<TimeProvider>(),
                "HTTP functions"));
        services.AddSingleton<PoisonRecorder>();
        services.AddSingleton<QueueListenerMetrics>();

        services.AddSingleton<RecomputeRequests>();
        services.AddSingleton<IPipelineDeclarations, DeclaredPipeline>();
        services.AddSingleton<FailedInputReplayer>();
        return services;
    }
}
