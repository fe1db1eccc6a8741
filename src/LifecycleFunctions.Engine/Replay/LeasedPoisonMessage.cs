namespace LifecycleFunctions.Engine.Replay;

/// <summary>
/// A poison-queue message as received, with the receipt that deletes, releases or takes it back: valid while
/// nobody else receives it, whether it is invisible (leased) or visible again (released).
/// </summary>
/// <param name="Receipt">The queue's handle on this receipt of the message (a pop receipt), opaque to the engine.</param>
public sealed record LeasedPoisonMessage(string PoisonQueue, string MessageId, string Receipt, string Body, DateTimeOffset? InsertedOn);
