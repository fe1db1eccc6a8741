using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public sealed class StageChangeTests
{
    [Theory]
    [InlineData(null, LifecycleStage.Reach, false, "first seen")]
    [InlineData(LifecycleStage.Reach, LifecycleStage.Acquisition, false, "identified")]
    [InlineData(LifecycleStage.Acquisition, LifecycleStage.Conversion, false, "first order")]
    [InlineData(LifecycleStage.Conversion, LifecycleStage.Retention, false, "repeat order")]
    [InlineData(LifecycleStage.Retention, LifecycleStage.Loyalty, false, "enough orders in the loyalty window")]
    [InlineData(LifecycleStage.Loyalty, LifecycleStage.Retention, false, "fewer orders in the loyalty window")]
    [InlineData(LifecycleStage.Retention, LifecycleStage.Advocacy, false, "referral, review or promoter score")]
    [InlineData(LifecycleStage.Advocacy, LifecycleStage.Loyalty, false, "advocacy signal expired")]
    [InlineData(LifecycleStage.Advocacy, LifecycleStage.Retention, false, "advocacy signal expired")]
    [InlineData(LifecycleStage.Conversion, LifecycleStage.Lapsed, false, "no order within the lapse window")]
    [InlineData(LifecycleStage.Lapsed, LifecycleStage.Conversion, true, "ordered again after lapsing (reactivated)")]
    [InlineData(LifecycleStage.Lapsed, LifecycleStage.Loyalty, true, "ordered again after lapsing (reactivated)")]
    [InlineData(LifecycleStage.Conversion, LifecycleStage.Acquisition, false, "orders refunded")]
    [InlineData(LifecycleStage.Conversion, LifecycleStage.Reach, false, "orders refunded")]
    [InlineData(LifecycleStage.Retention, LifecycleStage.Conversion, false, "an order refunded")]
    public void Describe_WithTransition_SaysWhyInMarketingTerms(LifecycleStage? from, LifecycleStage to, bool reactivation, string expected)
    {
        Assert.Equal(expected, StageChange.Describe(from, to, reactivation));
    }

    [Fact]
    public void Id_WithSameTransitionPublishedTwice_IsTheSameAndDiffersForAnotherDayOrStage()
    {
        var change = new StageChange("u:ada", LifecycleStage.Conversion, LifecycleStage.Lapsed, new DateOnly(2026, 5, 31), false, "no order within the lapse window");

        Assert.Equal("u:ada|Lapsed|20260531", change.Id);
        Assert.Equal(change.Id, (change with { Reason = "rerun" }).Id);
        Assert.NotEqual(change.Id, (change with { At = new DateOnly(2026, 6, 1) }).Id);
        Assert.NotEqual(change.Id, (change with { To = LifecycleStage.Retention }).Id);
    }
}
