namespace LifecycleFunctions.Storage.Failures;

/// <summary>A queue message that can never be processed, kept with its raw body and the reason.</summary>
/// <param name="ReplayedAt">Set on a poisoned message's row that a replay sent without the poison message (see FailedInput.ReplayedAt).</param>
public sealed record FailedEvent(string Queue, string MessageId, string Reason, string RawBody, long DequeueCount, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt = null);
