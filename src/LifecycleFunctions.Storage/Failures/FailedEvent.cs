namespace LifecycleFunctions.Storage.Failures;

/// <summary>A queue message that can never be processed, kept with its raw body and the reason.</summary>
/// <param name="ReplayedAt">Set on a poisoned message's row that a replay sent without the poison message (see FailedInput.ReplayedAt).</param>
/// <param name="RawBody">The input as text; empty for input that is not UTF-8, kept in <see cref="RawBytes"/>.</param>
public sealed record FailedEvent(string Queue, string MessageId, string Reason, string RawBody, long DequeueCount, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt = null)
{
    /// <summary>The input as sent when its bytes are not UTF-8 text (rule utf-8); null otherwise.</summary>
    public byte[]? RawBytes { get; init; }
}
