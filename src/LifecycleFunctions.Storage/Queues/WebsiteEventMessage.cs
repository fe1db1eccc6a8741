using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Queues;

/// <summary>
/// The body of a website-events queue message, in one of three forms: the events themselves
/// (<c>{"events":[...]}</c>); the same gzip-compressed and base64-encoded (<c>{"encoding":"gzip","data":"..."}</c>),
/// which is what the collector sends; or a pointer to an overflow blob holding either (<c>{"blob":"..."}</c>).
/// </summary>
public sealed record WebsiteEventMessage
{
    public const string Gzip = "gzip";

    public IReadOnlyList<CapturedEvent>? Events { get; init; }
    public string? Encoding { get; init; }
    public string? Data { get; init; }
    public string? Blob { get; init; }
}
