using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Storage.Failures;

namespace LifecycleFunctions.App.Replay;

/// <summary>
/// A replay's plan with the storage handles behind it: the rows as read (for a conditional delete) and the
/// poison messages received under a lease. Disposing releases every leased message the replay did not remove,
/// so a dry run, a stop part-way or a crash's caller leaves the poison queues as they were.
/// </summary>
public sealed class PreparedReplay(ReplayPlan plan, IReadOnlyDictionary<FailedInput, StoredFailedEvent> rows, IReadOnlyDictionary<PoisonedMessage, LeasedPoisonMessage> leased, PoisonQueues poisonQueues) : IAsyncDisposable
{
    private readonly HashSet<LeasedPoisonMessage> _removed = [];

    public ReplayPlan Plan => plan;

    public StoredFailedEvent Row(FailedInput record) => rows[record];

    public LeasedPoisonMessage Leased(PoisonedMessage message) => leased[message];

    public void MarkRemoved(LeasedPoisonMessage message) => _removed.Add(message);

    public async ValueTask DisposeAsync()
    {
        foreach (var message in leased.Values.Where(m => !_removed.Contains(m)))
        {
            await poisonQueues.ReleaseAsync(message, CancellationToken.None);
        }
    }
}
