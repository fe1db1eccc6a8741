using System.Text.Json;
using LifecycleFunctions.App.Hosting;

namespace LifecycleFunctions.App.Functions;

/// <summary>
/// stage-changes Storage queue → the stage-changes Service Bus topic, through the function's serviceBus output
/// binding (functions.servicebus/ only). The engine keeps writing its notifications to the Storage queue, its
/// durable outbox in both variants; this relay forwards each one as it is, and a failed send comes back to it
/// through the queue's retries and -poison queue, so no notification is lost and the engine needs no Service
/// Bus client. Each message carries its deterministic id for subscribers to drop a duplicate a retry may send.
/// </summary>
[ServiceBusOnly]
public sealed class PublishStageChanges : IOutputQueueFunction
{
    /// <summary>The output binding's name in functions.servicebus/PublishStageChanges/function.json.</summary>
    public const string Output = "notification";

    public Task<IReadOnlyDictionary<string, object?>> RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        // Passed on as a JSON object, not as text: the host treats a string output that happens to be valid base64
        // as binary, and an object goes to the topic as its JSON.
        using var document = JsonDocument.Parse(message.Body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Stage change {message.MessageId} is not a JSON object.");
        }

        IReadOnlyDictionary<string, object?> outputs = new Dictionary<string, object?>(StringComparer.Ordinal) { [Output] = document.RootElement.Clone() };
        return Task.FromResult(outputs);
    }
}
