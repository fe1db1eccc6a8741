using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>Wraps the real table store and takes <c>delay</c> before each call, as a long function does.</summary>
public sealed class SlowEventStore(TableEventStore inner, TimeSpan delay) : IEventStore
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(delay, cancellationToken);
        return await inner.StoreAsync(events, cancellationToken);
    }
}
