using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Analytics;

/// <summary>One step of the funnel chain: of those who reached <paramref name="From"/>, the share who went on to <paramref name="To"/>.</summary>
public sealed record FunnelStep(LifecycleStage From, LifecycleStage To, int Reached, int WentOn)
{
    public double Conversion => Reached == 0 ? 0 : (double)WentOn / Reached;

    public int Lost => Reached - WentOn;

    /// <summary>
    /// The chain step that keeps the smallest share of its people: where the funnel loses customers. Steps
    /// nobody reached are skipped; null when no step has anyone.
    /// </summary>
    public static FunnelStep? Weakest(IReadOnlyList<FunnelRow> stages)
    {
        var ever = stages.ToDictionary(s => s.Stage, s => s.EverReached);
        LifecycleStage[] chain = [LifecycleStage.Reach, LifecycleStage.Acquisition, LifecycleStage.Conversion, LifecycleStage.Retention, LifecycleStage.Loyalty];
        return chain.Zip(chain.Skip(1))
            .Select(pair => new FunnelStep(pair.First, pair.Second, ever.GetValueOrDefault(pair.First), Math.Min(ever.GetValueOrDefault(pair.Second), ever.GetValueOrDefault(pair.First))))
            .Where(step => step.Reached > 0)
            .OrderBy(step => step.Conversion)
            .ThenBy(step => step.From)
            .FirstOrDefault();
    }
}
