namespace LifecycleFunctions.Engine.Capture;

/// <summary>
/// Where input that can never be processed goes, with its raw body and why: the one place every capture path and
/// the recompute record what they leave out. Keyed by source and id, so a redelivered input is recorded once.
/// </summary>
public interface IFailedInputSink
{
    /// <param name="queue">The queue (or other source) the input came from.</param>
    /// <param name="messageId">Stable across redeliveries of the same input.</param>
    Task RecordAsync(string queue, string messageId, string rawBody, string reason, long dequeueCount, CancellationToken cancellationToken);

    /// <summary>Input that is not UTF-8 text, kept as the bytes it was.</summary>
    Task RecordBytesAsync(string queue, string messageId, byte[] raw, string reason, long dequeueCount, CancellationToken cancellationToken);
}
