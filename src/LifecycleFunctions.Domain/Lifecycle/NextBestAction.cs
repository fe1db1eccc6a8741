namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>The typical next action for a person in each stage (PRODUCT.md), shown in reports.</summary>
public static class NextBestAction
{
    public static string For(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Reach => "Retarget, content",
        LifecycleStage.Acquisition => "Nurture, offer a first-purchase incentive",
        LifecycleStage.Conversion => "Thank-you, onboarding",
        LifecycleStage.Retention => "Personalised recommendations",
        LifecycleStage.Loyalty => "Loyalty programme",
        LifecycleStage.Advocacy => "Referral programme",
        LifecycleStage.Lapsed => "Win-back (re-engagement) campaign",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
