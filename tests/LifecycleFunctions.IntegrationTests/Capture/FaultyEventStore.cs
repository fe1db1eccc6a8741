using Azure;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// Wraps the real table store the way a troubled one behaves: each call first takes <c>delay</c> (a long
/// function), and the first <c>failures</c> calls then fail as an unavailable storage account does.
/// </summary>
public sealed class FaultyEventStore(TableEventStore inner, int failures = 0, TimeSpan delay = default) : IEventStore
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (call <= failures)
        {
            throw new RequestFailedException(503, "Server busy (injected by the test).");
        }

        return await inner.StoreAsync(events, cancellationToken);
    }
}
