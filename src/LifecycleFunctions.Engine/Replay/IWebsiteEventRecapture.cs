namespace LifecycleFunctions.Engine.Replay;

/// <summary>A website event rejected over HTTP, sent through the collection path again: checked as a request's event, then queued.</summary>
public interface IWebsiteEventRecapture
{
    /// <returns>Null once queued; else the reason it was refused again (which the collection path records).</returns>
    Task<string?> CaptureAsync(string body, CancellationToken cancellationToken);
}
