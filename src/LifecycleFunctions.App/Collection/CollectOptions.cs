namespace LifecycleFunctions.App.Collection;

public sealed class CollectOptions
{
    public const string Section = "Collect";

    /// <summary>
    /// The write keys websites and servers send as the HTTP Basic user name (or writeKey in the body).
    /// Several at once so a key can be rotated without downtime.
    /// </summary>
    public List<string> WriteKeys { get; set; } = [];

    /// <summary>
    /// How long an HTTP function waits on storage before answering 503 storage-unavailable: well under a tracking
    /// client's own timeout (analytics-node gives up after 10 s), so the client hears "retry" rather than nothing.
    /// </summary>
    public double StorageTimeoutSeconds { get; set; } = 8;
}
