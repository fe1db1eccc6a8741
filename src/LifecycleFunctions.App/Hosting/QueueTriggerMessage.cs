namespace LifecycleFunctions.App.Hosting;

/// <summary>The queue message a queue function receives, with the metadata the Functions host also passes.</summary>
public sealed record QueueTriggerMessage(string QueueName, string MessageId, string Body, long DequeueCount, DateTimeOffset? InsertedOn);
