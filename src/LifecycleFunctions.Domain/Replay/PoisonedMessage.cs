namespace LifecycleFunctions.Domain.Replay;

/// <summary>A message in a <c>&lt;queue&gt;-poison</c> queue, by the queue it was poisoned on.</summary>
public sealed record PoisonedMessage(string Queue, string MessageId, string Body, DateTimeOffset? InsertedOn);
