using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// A queue-triggered function; its class name is its function name. Returning means the message is done with
/// (stored, or recorded as failed); throwing means "try again later", and after maxDequeueCount tries the
/// message goes to the poison queue.
/// </summary>
public interface IQueueFunction
{
    Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken);
}
