namespace LifecycleFunctions.Domain.Replay;

/// <summary>A failed-events record as the replay sees it.</summary>
/// <param name="Source">Where it came from: the queue name, or the HTTP batch partition.</param>
/// <param name="Id">The id it was recorded under: the queue message id (with <c>:index</c> for a batch item), or the Segment item's messageId.</param>
public sealed record FailedInput(string Source, string Id, string Reason, string RawBody, DateTimeOffset FailedAt)
{
    public const string PoisonedPrefix = "Poisoned:";

    /// <summary>A message that failed for a reason other than its content: the poison queue holds the same body.</summary>
    public bool IsPoisoned => Reason.StartsWith(PoisonedPrefix, StringComparison.Ordinal);

    /// <summary>A report of an order that contradicts the captured one: not failed input, a question for an operator.</summary>
    public bool IsOrderConflict => Reason.EndsWith(Capture.OrderConflict.KeptOnly, StringComparison.Ordinal);
}
