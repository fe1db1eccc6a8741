using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>The events of one website-events message, and the overflow blob to delete once they are stored.</summary>
public sealed record WebsiteEventPayload(IReadOnlyList<CapturedEvent> Events, string? OverflowBlob);
