namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>Every threshold of the stage rules (PRODUCT.md); configuration section "Lifecycle".</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>A customer whose last order is older than this many days is Lapsed.</summary>
    public int LapseWindowDays { get; set; } = 90;

    /// <summary>Orders in the trailing <see cref="LoyaltyWindowDays"/> that make a customer Loyal.</summary>
    public int LoyaltyOrders { get; set; } = 4;

    public int LoyaltyWindowDays { get; set; } = 365;

    /// <summary>How long a referral, review or promoter score keeps a customer an advocate.</summary>
    public int AdvocacyWindowDays { get; set; } = 365;

    /// <summary>The lowest NPS answer that counts as a promoter (9–10 on the 0–10 scale).</summary>
    public int PromoterScore { get; set; } = 9;

    /// <summary>Track events that identify a person even without a user id: sign-ups, leads, newsletter subscriptions.</summary>
    public List<string> IdentificationEvents { get; set; } = ["Signed Up", "Lead Created", "Lead Captured", "Newsletter Subscribed", "Subscribed"];

    public List<string> ReferralEvents { get; set; } = ["Referral Sent", "Friend Referred", "Invite Sent", "Product Shared"];

    public List<string> ReviewEvents { get; set; } = ["Product Reviewed", "Review Submitted"];

    /// <summary>Track events carrying an NPS answer in properties.score (or properties.nps).</summary>
    public List<string> NpsEvents { get; set; } = ["NPS Submitted", "NPS Survey Answered", "Survey Answered"];

    /// <summary>
    /// Other names of a channel, as "alias=channel" (e.g. "google-ads=google"), so an ad network's spend and the
    /// visitors it tagged with its utm_source land in one campaign row and one by-channel row.
    /// </summary>
    public List<string> ChannelAliases { get; set; } = [];

    /// <summary>The nightly schedule, NCRONTAB with seconds (as Azure Functions): 02:00 UTC.</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";
}
