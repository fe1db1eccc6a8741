using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.Engine.Tests.Capture;

/// <summary>
/// An event store that answers as a test says: it keeps what it was given and refuses, or reports as a
/// conflicting order, the events the test names by message id.
/// </summary>
public sealed class ScriptedEventStore : IEventStore
{
    public List<CapturedEvent> Stored { get; } = [];

    public Dictionary<string, string> Refuse { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Conflict { get; } = new(StringComparer.Ordinal);

    public Task<StoreResult> StoreAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        var refused = events.Where(e => Refuse.ContainsKey(e.MessageId)).Select(e => new RefusedEvent(e, Refuse[e.MessageId])).ToList();
        var conflicts = events.Where(e => Conflict.ContainsKey(e.MessageId)).Select(e => new ConflictingOrder(e, Conflict[e.MessageId])).ToList();
        var kept = events.Where(e => !Refuse.ContainsKey(e.MessageId) && !Conflict.ContainsKey(e.MessageId)).ToList();
        Stored.AddRange(kept);
        return Task.FromResult(new StoreResult(kept.Count, 0) { Refused = refused, Conflicts = conflicts });
    }
}
