using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>An event the store refused to keep (its row, or its order claim): not stored, to be recorded with <see cref="Reason"/>.</summary>
public sealed record RefusedEvent(CapturedEvent Event, string Reason);
