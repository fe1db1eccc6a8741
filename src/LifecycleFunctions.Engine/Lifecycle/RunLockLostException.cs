namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>A run stopped because its lock lapsed under it (<see cref="IRunLease.Lost"/>); the next run resumes it.</summary>
public sealed class RunLockLostException(string message, Exception inner) : Exception(message, inner);
