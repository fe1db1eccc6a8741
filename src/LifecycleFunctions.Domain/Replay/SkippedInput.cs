namespace LifecycleFunctions.Domain.Replay;

/// <summary>Failed input the replay leaves alone, with why: a failed-events record, a poison message, or both (a
/// poisoned message and its record).</summary>
public sealed record SkippedInput(FailedInput? Record, string Why, PoisonedMessage? Poisoned = null);
