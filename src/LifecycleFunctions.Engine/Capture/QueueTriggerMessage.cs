namespace LifecycleFunctions.Engine.Capture;

/// <summary>The queue message a queue function receives, with the metadata the Functions host also passes.</summary>
public sealed record QueueTriggerMessage(string QueueName, string MessageId, string Body, long DequeueCount, DateTimeOffset? InsertedOn)
{
    /// <summary>
    /// The decoded bytes of a base64 message that are not UTF-8 text (<see cref="Body"/> is then their lossy
    /// decoding, U+FFFD for each bad byte): a capture function refuses such a message rather than store it changed.
    /// </summary>
    public byte[]? NotUtf8 { get; init; }
}
