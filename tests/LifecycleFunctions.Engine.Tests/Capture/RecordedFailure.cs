namespace LifecycleFunctions.Engine.Tests.Capture;

public sealed record RecordedFailure(string Queue, string MessageId, string RawBody, string Reason, long DequeueCount, byte[]? Bytes = null);
