namespace LifecycleFunctions.Domain.Capture;

public static class EventTypes
{
    public const string Track = "track";
    public const string Identify = "identify";
    public const string Page = "page";
    public const string Screen = "screen";
    public const string Group = "group";
    public const string Alias = "alias";
    public const string AdImpression = "ad_impression";
    public const string AdClick = "ad_click";
    public const string OrderCompleted = "order_completed";
    public const string OrderRefunded = "order_refunded";

    public static bool IsPurchase(string type) => type is OrderCompleted or OrderRefunded;
}
