using Azure;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>Wraps the real table store and fails the first <c>failures</c> calls the way an unavailable storage account does.</summary>
public sealed class FlakyEventStore(TableEventStore inner, int failures) : IEventStore
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) <= failures)
        {
            throw new RequestFailedException(503, "Server busy (injected by the test).");
        }

        return inner.StoreAsync(events, cancellationToken);
    }
}
