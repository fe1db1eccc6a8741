using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.Engine.Replay;
using LifecycleFunctions.Engine.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The use cases and the domain services they run on, with their options. The storage ports they take
    /// (<see cref="IEventStore"/>, <see cref="IFailedInputSink"/>, <see cref="IPersonStateStore"/> and the rest) and
    /// the workbook exporter come from the adapters' own registrations.
    /// </summary>
    public static IServiceCollection AddLifecycleEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LifecycleOptions>().BindLifecycle(configuration);
        services.AddOptions<RecomputeOptions>().Bind(configuration.GetSection(RecomputeOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LifecycleOptions>>().Value);
        services.AddSingleton(sp => new ChannelAliases(sp.GetRequiredService<LifecycleOptions>().ChannelAliases));
        services.AddSingleton<PersonFolder>();
        services.AddSingleton<StageClassifier>();
        services.AddSingleton<StageTimeline>();

        services.AddSingleton<StoreOutcomeRecorder>();
        services.AddSingleton<QueueEventCapture>();
        services.AddSingleton<WebsiteEventIngestion>();

        services.AddSingleton<ShardFold>();
        services.AddSingleton<ShardClassify>();
        services.AddSingleton<RecomputeShardWork>();
        services.AddSingleton<InProcessShardDispatcher>();
        services.AddSingleton<LifecycleRecompute>();
        services.AddSingleton<RecomputeAndPublish>();

        services.AddSingleton<FunnelReportLoader>();
        services.AddSingleton<FunnelWorkbookPublisher>();

        services.AddSingleton<PipelineStatusService>();

        services.AddSingleton<FailedInputReplayer>();
        return services;
    }
}
