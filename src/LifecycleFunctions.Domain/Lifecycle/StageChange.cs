namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// A transition, as published on the stage-changes queue for marketing automation. <see cref="Id"/> is
/// deterministic so a consumer can drop the duplicate a rerun may publish.
/// </summary>
public sealed record StageChange(string Person, LifecycleStage? From, LifecycleStage To, DateOnly At, bool IsReactivation, string Reason)
{
    public string Id => $"{Person}|{To}|{At:yyyyMMdd}";

    public static string Describe(LifecycleStage? from, LifecycleStage to, bool reactivation) => (from, to) switch
    {
        (_, _) when reactivation => "ordered again after lapsing (reactivated)",

        // Moving down the funnel without lapsing: a refund took orders away.
        (LifecycleStage.Conversion or LifecycleStage.Retention or LifecycleStage.Loyalty or LifecycleStage.Advocacy or LifecycleStage.Lapsed, LifecycleStage.Reach or LifecycleStage.Acquisition) => "orders refunded",
        (LifecycleStage.Retention or LifecycleStage.Loyalty or LifecycleStage.Advocacy, LifecycleStage.Conversion) => "an order refunded",
        (_, LifecycleStage.Reach) => "first seen",
        (_, LifecycleStage.Acquisition) => "identified",
        (_, LifecycleStage.Conversion) => "first order",
        (LifecycleStage.Loyalty, LifecycleStage.Retention) => "fewer orders in the loyalty window",
        (LifecycleStage.Advocacy, LifecycleStage.Retention or LifecycleStage.Loyalty) => "advocacy signal expired",
        (_, LifecycleStage.Retention) => "repeat order",
        (_, LifecycleStage.Loyalty) => "enough orders in the loyalty window",
        (_, LifecycleStage.Advocacy) => "referral, review or promoter score",
        (_, LifecycleStage.Lapsed) => "no order within the lapse window",
        _ => "stage rules",
    };
}
