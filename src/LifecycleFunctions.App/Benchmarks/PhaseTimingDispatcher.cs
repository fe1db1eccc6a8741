using System.Diagnostics;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// Wraps the in-process dispatcher to time each phase of a recompute, so a benchmark can say whether fold,
/// classify or combine (what is left of the run's wall time) is where the time goes.
/// </summary>
public sealed class PhaseTimingDispatcher(IShardDispatcher inner, Func<TimeSpan> storageCpu) : IShardDispatcher
{
    public Dictionary<RecomputePhase, TimeSpan> Wall { get; } = [];

    public Dictionary<RecomputePhase, TimeSpan> StorageCpu { get; } = [];

    public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var cpu = storageCpu();
        await inner.RunAsync(items, progress, cancellationToken);
        if (items.Count > 0)
        {
            Wall[items[0].Phase] = Wall.GetValueOrDefault(items[0].Phase) + clock.Elapsed;
            StorageCpu[items[0].Phase] = StorageCpu.GetValueOrDefault(items[0].Phase) + (storageCpu() - cpu);
        }
    }
}
