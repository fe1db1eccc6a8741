using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.App.Collection;

/// <summary>A batch item whose bytes are not UTF-8: refused with <paramref name="Error"/>, and kept as sent.</summary>
public sealed record UndecodableItem(byte[] Raw, EventError Error);
