namespace LifecycleFunctions.Domain.Analytics;

public readonly record struct CampaignKey(string Channel, string Campaign)
{
    public const string None = "(none)";

    public override string ToString() => $"{Channel}|{Campaign}";

    /// <summary>The key <see cref="ToString"/> wrote: the channel is up to the first '|' (a campaign name may hold one).</summary>
    public static CampaignKey Parse(string key)
    {
        var separator = key.IndexOf('|', StringComparison.Ordinal);
        return new CampaignKey(key[..separator], key[(separator + 1)..]);
    }
}
