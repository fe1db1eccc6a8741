using System.Text;
using Azure.Storage.Queues.Models;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.App.Hosting;

/// <summary>The SDK's queue message, as both hosts bind it to a queue function, turned into the engine's message.</summary>
public static class QueueMessageBinding
{
    public static QueueTriggerMessage ToTriggerMessage(this QueueMessage message, string queueName)
    {
        var bytes = message.Body?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
        var valid = System.Text.Unicode.Utf8.IsValid(bytes.Span);
        return new QueueTriggerMessage(queueName, message.MessageId, Encoding.UTF8.GetString(bytes.Span), message.DequeueCount, message.InsertedOn)
        {
            NotUtf8 = valid ? null : bytes.ToArray(),
        };
    }
}
