using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>A report of an order already captured with other figures: not stored, to be recorded with <see cref="Reason"/>.</summary>
public sealed record ConflictingOrder(CapturedEvent Event, string Reason);
