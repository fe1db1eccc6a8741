using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.Engine.Tests.Capture;

/// <summary>Keeps what a use case sent to the failed-input sink, in order.</summary>
public sealed class RecordingFailedInputSink : IFailedInputSink
{
    public List<RecordedFailure> Recorded { get; } = [];

    public Task RecordAsync(string queue, string messageId, string rawBody, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        Recorded.Add(new RecordedFailure(queue, messageId, rawBody, reason, dequeueCount));
        return Task.CompletedTask;
    }

    public Task RecordBytesAsync(string queue, string messageId, byte[] raw, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        Recorded.Add(new RecordedFailure(queue, messageId, string.Empty, reason, dequeueCount, raw));
        return Task.CompletedTask;
    }
}
