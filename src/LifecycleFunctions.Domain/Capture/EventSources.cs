namespace LifecycleFunctions.Domain.Capture;

public static class EventSources
{
    public const string Website = "website";
    public const string Ads = "ads";
    public const string Orders = "orders";
}
