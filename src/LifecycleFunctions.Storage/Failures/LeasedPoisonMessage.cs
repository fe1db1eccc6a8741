namespace LifecycleFunctions.Storage.Failures;

/// <summary>
/// A poison-queue message as received, with the pop receipt that deletes, releases or takes it back: valid
/// while nobody else receives it, whether it is invisible (leased) or visible again (released).
/// </summary>
public sealed record LeasedPoisonMessage(string PoisonQueue, string MessageId, string PopReceipt, string Body, DateTimeOffset? InsertedOn);
