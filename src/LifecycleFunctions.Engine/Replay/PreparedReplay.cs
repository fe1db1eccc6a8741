using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Engine.Replay;

/// <summary>
/// A replay's plan with the store's handles behind it: the records as read (for a change only as read) and the
/// planned poison messages as released once planned, whose receipts take each back for its own send.
/// </summary>
public sealed class PreparedReplay(
    ReplayPlan plan,
    IReadOnlyDictionary<FailedInput, StoredFailedInput> rows,
    IReadOnlyDictionary<PoisonedMessage, LeasedPoisonMessage> released)
{
    public ReplayPlan Plan => plan;

    public StoredFailedInput Row(FailedInput record) => rows[record];

    /// <summary>Null when the message was gone or someone else's by the time it was released.</summary>
    public LeasedPoisonMessage? Released(PoisonedMessage message) => released.GetValueOrDefault(message);
}
