using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.App.Operations;

/// <summary>
/// The pipeline as this app's function declarations give it: the queues its queue functions read (from the
/// generated declarations) and stage-changes, and the RecomputeLifecycle timer's schedule unless it is disabled.
/// </summary>
public sealed class DeclaredPipeline(FunctionCatalog catalog, IConfiguration configuration) : IPipelineDeclarations
{
    public IReadOnlyList<string> WatchedQueues() =>
        catalog.Queue.Select(d => d.Trigger.QueueName).OfType<string>()
            .Append(StorageNames.StageChangesQueue)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public DateTimeOffset? LastScheduledRecompute(DateTimeOffset atOrBefore) => NightlySchedule()?.Last(atOrBefore);

    public DateTimeOffset? NextScheduledRecompute(DateTimeOffset after) => NightlySchedule()?.Next(after);

    /// <summary>The RecomputeLifecycle timer's schedule, or null when it is not declared or is disabled.</summary>
    private TimerSchedule? NightlySchedule()
    {
        var timer = catalog.Timer.FirstOrDefault(d => d.Name == nameof(RecomputeLifecycle));
        return timer?.Trigger.Schedule is { } declared && !FunctionSwitch.IsDisabled(configuration, timer.Name)
            ? TimerSchedule.Parse(declared, configuration)
            : null;
    }
}
