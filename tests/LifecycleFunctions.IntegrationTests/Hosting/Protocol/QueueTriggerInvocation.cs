using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Google.Protobuf;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// The <c>InvocationRequest</c> the host sends for a queue-triggered function and a dequeued message: the trigger
/// parameter as <c>ModelBindingData</c> (source <c>AzureStorageQueues</c>, the message as JSON, which the worker's
/// <c>QueueMessageConverter</c> reads) when the function binds <c>QueueMessage</c>, else the message text; and the
/// queue trigger's metadata (Id, DequeueCount, PopReceipt, times, QueueTrigger).
/// </summary>
public static class QueueTriggerInvocation
{
    public static InvocationRequest Create(RpcFunctionMetadata function, QueueMessage message)
    {
        var trigger = RawBinding.Trigger(function);
        if (!string.Equals(trigger.Type, "queueTrigger", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Function {function.Name} has a {trigger.Type}, not a queueTrigger.", nameof(function));
        }

        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(), FunctionId = function.FunctionId, TraceContext = HostTraceContext.New(),
        };
        var data = trigger.SupportsDeferredBinding ? ModelBindingData(message) : Text(message);
        request.InputData.Add(new ParameterBinding { Name = trigger.Name, Data = data });
        request.TriggerMetadata.Add(TriggerMetadata(message));
        return request;
    }

    private static TypedData ModelBindingData(QueueMessage message)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["MessageId"] = message.MessageId,
            ["PopReceipt"] = message.PopReceipt,
            ["MessageText"] = message.MessageText,
            ["DequeueCount"] = message.DequeueCount,
            ["NextVisibleOn"] = message.NextVisibleOn?.UtcDateTime,
            ["InsertedOn"] = message.InsertedOn?.UtcDateTime,
            ["ExpiresOn"] = message.ExpiresOn?.UtcDateTime,
        });
        return new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0",
                Source = "AzureStorageQueues",
                ContentType = "application/json",
                Content = ByteString.CopyFrom(content),
            },
        };
    }

    private static TypedData Text(QueueMessage message) => new() { String = message.MessageText };

    private static Dictionary<string, TypedData> TriggerMetadata(QueueMessage message) => new()
    {
        ["QueueTrigger"] = new TypedData { String = message.MessageText },
        ["Id"] = new TypedData { String = message.MessageId },
        ["PopReceipt"] = new TypedData { String = message.PopReceipt },
        ["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) },
        ["InsertionTime"] = Time(message.InsertedOn),
        ["ExpirationTime"] = Time(message.ExpiresOn),
        ["NextVisibleTime"] = Time(message.NextVisibleOn),
    };

    private static TypedData Time(DateTimeOffset? time) =>
        new() { Json = JsonSerializer.Serialize(time ?? DateTimeOffset.UtcNow) };
}
