using Azure;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Records why a message goes to its poison queue, in the failed-events table beside the messages that could
/// never be valid: the poison queue keeps only the body. Best effort, since storage being down is often the
/// reason; the message itself is in the poison queue either way.
/// </summary>
public sealed class PoisonRecorder(FailedEventStore failures, ILogger<PoisonRecorder> logger)
{
    public static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    public async Task RecordAsync(string function, string queue, string messageId, string body, long dequeueCount, string cause)
    {
        try
        {
            await failures.RecordAsync(queue, messageId, body, $"Poisoned: {function} failed on each of {dequeueCount} attempts; last: {cause}", dequeueCount, CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Could not record why message {MessageId} on {Queue} is poisoned", messageId, queue);
        }
    }
}
