using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Engine.Replay;

/// <summary>A failed-input record as read, with what a change "only as it was read" needs.</summary>
/// <param name="Key">The store's key of the record within its source; opaque to the engine.</param>
/// <param name="Version">The record's version when it was read; opaque to the engine.</param>
public sealed record StoredFailedInput(FailedInput Input, string Key, string Version);
