namespace LifecycleFunctions.Storage.Failures;

/// <summary>A poison-queue message received (invisible to others) until deleted or released.</summary>
public sealed record LeasedPoisonMessage(string PoisonQueue, string MessageId, string PopReceipt, string Body, DateTimeOffset? InsertedOn);
