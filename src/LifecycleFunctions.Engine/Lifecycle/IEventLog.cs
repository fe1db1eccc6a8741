using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>The stored events a recompute folds: one shard's, stored after one watermark up to the next.</summary>
public interface IEventLog
{
    IAsyncEnumerable<CapturedEvent> ReadAsync(int shard, DateTimeOffset storedAfter, DateTimeOffset storedUpTo, CancellationToken cancellationToken);
}
