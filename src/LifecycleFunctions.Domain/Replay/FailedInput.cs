namespace LifecycleFunctions.Domain.Replay;

/// <summary>A failed-events record as the replay sees it.</summary>
/// <param name="Source">Where it came from: the queue name, or the HTTP batch partition.</param>
/// <param name="Id">The id it was recorded under: the queue message id (with <c>:index</c> for a batch item), or the
/// Segment item's messageId.</param>
/// <param name="ReplayedAt">
/// When a replay sent a poisoned record's input without its poison message (hidden then by another replay's
/// lease, or gone). The record stays, marked, so that the message, should it come back, is recognised as sent
/// rather than sent again under its poison-queue id, which would not deduplicate against the record's.
/// </param>
public sealed record FailedInput(string Source, string Id, string Reason, string RawBody, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt = null)
{
    public const string PoisonedPrefix = "Poisoned:";

    /// <summary>Input kept as bytes because they are not UTF-8 text (rule utf-8): no replay can make it valid.</summary>
    public bool NotText { get; init; }

    /// <summary>A message that failed for a reason other than its content: the poison queue holds the same body.</summary>
    public bool IsPoisoned => Reason.StartsWith(PoisonedPrefix, StringComparison.Ordinal);

    /// <summary>A report of an order that contradicts the captured one: not failed input, a question for an operator.</summary>
    public bool IsOrderConflict => Reason.EndsWith(Capture.OrderConflict.KeptOnly, StringComparison.Ordinal);
}
