using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Engine.Capture;

/// <summary>The durable, idempotent home of every captured event.</summary>
public interface IEventStore
{
    /// <summary>Stores events; an event whose idempotency key is already stored is counted as a duplicate and left as it was.</summary>
    Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken);
}
