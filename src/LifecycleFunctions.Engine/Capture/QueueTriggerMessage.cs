namespace LifecycleFunctions.Engine.Capture;

/// <summary>The queue message a queue function hands to its use case: the text, and the metadata both hosts pass.</summary>
public sealed record QueueTriggerMessage(string QueueName, string MessageId, string Body, long DequeueCount, DateTimeOffset? InsertedOn)
{
    /// <summary>
    /// The message's bytes when they are not UTF-8 text (<see cref="Body"/> is then their lossy decoding, U+FFFD for
    /// each bad byte): a capture function refuses such a message rather than store it changed. Only a base64 message
    /// can carry such bytes; the trigger decodes it before the function sees it.
    /// </summary>
    public byte[]? NotUtf8 { get; init; }
}
