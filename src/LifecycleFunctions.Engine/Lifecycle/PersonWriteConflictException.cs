namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>A personstates row changed between the classify step's read and its write; the step is redone from a fresh read.</summary>
public sealed class PersonWriteConflictException(string message, Exception? inner = null) : Exception(message, inner);
