namespace LifecycleFunctions.Domain.Replay;

public enum ReplayRoute
{
    /// <summary>The body goes back onto the queue it came from, whose function captures it again.</summary>
    Queue,

    /// <summary>The raw event goes through the HTTP collection path's validation and onto the website-events queue.</summary>
    WebsiteCapture,
}
