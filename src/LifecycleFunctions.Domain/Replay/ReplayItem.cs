namespace LifecycleFunctions.Domain.Replay;

/// <summary>One input to send again, and what to remove once it is sent.</summary>
/// <param name="Body">What is sent: the recorded body, with the ids it needs to stay idempotent.</param>
/// <param name="Record">The failed-events record to remove after the send, if any.</param>
/// <param name="Poisoned">The poison-queue message to remove after the send, if any.</param>
public sealed record ReplayItem(ReplaySource Source, string Reason, string Body, FailedInput? Record, PoisonedMessage? Poisoned)
{
    public bool FromPoisonQueue => Poisoned is not null;

    public string ReasonGroup => ReplayReason.Group(Reason);
}
