namespace LifecycleFunctions.Domain.Replay;

/// <summary>A failed-events record the replay leaves alone, with why.</summary>
public sealed record SkippedInput(FailedInput Record, string Why);
