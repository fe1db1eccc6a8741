namespace LifecycleFunctions.App.Collection;

public sealed class CollectOptions
{
    public const string Section = "Collect";

    /// <summary>
    /// The write keys websites and servers send as the HTTP Basic user name (or writeKey in the body).
    /// Several at once so a key can be rotated without downtime.
    /// </summary>
    public List<string> WriteKeys { get; set; } = [];
}
