using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Storage.Failures;

namespace LifecycleFunctions.App.Replay;

/// <summary>
/// A replay's plan with the storage handles behind it: the rows as read (for a conditional delete) and the
/// planned poison messages as released once planned, whose pop receipts take each back for its own send.
/// </summary>
public sealed class PreparedReplay(ReplayPlan plan, IReadOnlyDictionary<FailedInput, StoredFailedEvent> rows, IReadOnlyDictionary<PoisonedMessage, LeasedPoisonMessage> released)
{
    public ReplayPlan Plan => plan;

    public StoredFailedEvent Row(FailedInput record) => rows[record];

    /// <summary>Null when the message was gone or someone else's by the time it was released.</summary>
    public LeasedPoisonMessage? Released(PoisonedMessage message) => released.GetValueOrDefault(message);
}
