namespace LifecycleFunctions.Domain.Analytics;

public readonly record struct CampaignKey(string Channel, string Campaign)
{
    public const string None = "(none)";

    public override string ToString() => $"{Channel}|{Campaign}";
}
