namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// A message-triggered function whose result goes out through its function.json output bindings: it returns
/// the value for each output binding by name, and the Functions host delivers them from the custom handler's
/// reply (Outputs). That is how the app writes to Service Bus without a Service Bus SDK. Like
/// <see cref="IQueueFunction"/>, throwing means "try again later".
/// </summary>
public interface IOutputQueueFunction
{
    Task<IReadOnlyDictionary<string, object?>> RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken);
}
