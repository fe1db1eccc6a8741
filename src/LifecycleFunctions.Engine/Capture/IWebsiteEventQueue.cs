using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>The website-events queue between the HTTP collection functions and the event store.</summary>
public interface IWebsiteEventQueue
{
    /// <summary>Queues validated events; returns how many messages that took.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken);

    /// <summary>The events of one message body, fetched from overflow storage when they did not fit the message.</summary>
    /// <exception cref="System.Text.Json.JsonException">The body is not a website-events message.</exception>
    Task<WebsiteEventPayload> ReadAsync(string body, CancellationToken cancellationToken);

    /// <summary>Removes a message's overflow once its events are stored.</summary>
    Task DeleteOverflowAsync(string overflow, CancellationToken cancellationToken);
}
