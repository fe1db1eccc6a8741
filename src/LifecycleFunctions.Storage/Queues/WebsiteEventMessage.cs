using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Queues;

/// <summary>
/// The body of a website-events queue message: validated events, or, for the rare event too large for a queue
/// message once wrapped, the name of the overflow blob holding them.
/// </summary>
public sealed record WebsiteEventMessage
{
    public IReadOnlyList<CapturedEvent>? Events { get; init; }
    public string? Blob { get; init; }
}
