namespace LifecycleFunctions.Storage.Failures;

/// <summary>A queue message that can never be processed, kept with its raw body and the reason.</summary>
public sealed record FailedEvent(string Queue, string MessageId, string Reason, string RawBody, long DequeueCount, DateTimeOffset FailedAt);
