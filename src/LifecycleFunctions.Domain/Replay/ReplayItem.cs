namespace LifecycleFunctions.Domain.Replay;

/// <summary>One input to send again, and what to remove once it is sent.</summary>
/// <param name="Body">What is sent: the recorded body, with the ids it needs to stay idempotent.</param>
/// <param name="Record">The failed-events record to remove after the send, if any.</param>
/// <param name="Poisoned">The poison-queue message to remove after the send, if any.</param>
/// <param name="AlreadySent">A poison message whose input an earlier replay sent from its record: removed with the record, not sent.</param>
public sealed record ReplayItem(ReplaySource Source, string Reason, string Body, FailedInput? Record, PoisonedMessage? Poisoned, bool AlreadySent = false)
{
    public bool FromPoisonQueue => Poisoned is not null;

    public string ReasonGroup => ReplayReason.Group(Reason);
}
