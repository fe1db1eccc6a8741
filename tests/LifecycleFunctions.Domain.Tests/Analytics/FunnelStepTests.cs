using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class FunnelStepTests
{
    private static List<FunnelRow> Ever(params int[] everReached) =>
        everReached.Select((ever, i) => new FunnelRow((LifecycleStage)i, 0, ever, null, null, null)).ToList();

    [Fact]
    public void Weakest_WithOneSteepDrop_IsThatStep()
    {
        // Reach 1000 → Acquisition 600 (60%) → Conversion 120 (20%) → Retention 60 (50%) → Loyalty 40 (67%).
        var step = FunnelStep.Weakest(Ever(1000, 600, 120, 60, 40, 10, 30));

        Assert.Equal(new FunnelStep(LifecycleStage.Acquisition, LifecycleStage.Conversion, 600, 120), step);
        Assert.Equal(0.2, step!.Conversion, 10);
        Assert.Equal(480, step.Lost);
    }

    [Fact]
    public void Weakest_WithNobodyPastAStage_SkipsStepsNobodyReached()
    {
        var step = FunnelStep.Weakest(Ever(10, 5, 0, 0, 0, 0, 0));

        Assert.Equal(new FunnelStep(LifecycleStage.Acquisition, LifecycleStage.Conversion, 5, 0), step);
    }

    [Fact]
    public void Weakest_WithEmptyFunnel_IsNull()
    {
        Assert.Null(FunnelStep.Weakest(Ever(0, 0, 0, 0, 0, 0, 0)));
    }
}
