using System.Net.Sockets;
using Azure;

namespace LifecycleFunctions.Storage;

/// <summary>
/// Storage failures a listener outlives and an HTTP function answers 503 for: an error reply, a dropped or
/// refused connection, a try that timed out, or the Azure SDK's AggregateException once its own retries of those
/// are spent. One classification for the listeners, the HTTP functions, the commands and the run lock.
/// </summary>
public static class TransientStorageError
{
    public static bool Is(Exception ex) => Is(ex, _ => true);

    /// <param name="reply">Which error replies count (an outage is a reply of 408, 429 or 5xx, not any 4xx).</param>
    public static bool Is(Exception ex, Func<RequestFailedException, bool> reply) => ex switch
    {
        RequestFailedException failed => reply(failed),
        // A socket the peer reset can surface raw (ENOTCONN) as the last of the SDK's tries.
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        // Inside the SDK's AggregateException a cancellation is a try that outran its network timeout (the SDK
        // only retries one when the caller did not cancel); on its own it is the caller's, and not a failure.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
                                        && aggregate.InnerExceptions.All(e => e is OperationCanceledException || Is(e, reply)),
        _ => false,
    };
}
