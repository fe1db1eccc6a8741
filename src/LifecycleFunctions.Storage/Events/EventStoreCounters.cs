using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.Storage.Events;

/// <summary>Running totals of the event store, for progress displays and the capture benchmark.</summary>
public sealed class EventStoreCounters
{
    private long _stored;
    private long _duplicates;

    public long Stored => Interlocked.Read(ref _stored);
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public void Add(StoreResult result)
    {
        Interlocked.Add(ref _stored, result.Stored);
        Interlocked.Add(ref _duplicates, result.Duplicates);
    }
}
