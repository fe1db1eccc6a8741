namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>Where a person came from at one moment: an ad click, a UTM-tagged visit, or a referring site.</summary>
public sealed record Touch(DateTimeOffset At, string Channel, string? Campaign, string? Source, string? Medium, string? Referrer)
{
    public const string Direct = "direct";
}
