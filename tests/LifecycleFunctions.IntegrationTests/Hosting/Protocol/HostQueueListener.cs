using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// The host's part of a queue trigger, one message at a time: it dequeues (the message stays invisible for the
/// visibility timeout), invokes the function with it, and deletes it when the invocation succeeded.
/// </summary>
public static class HostQueueListener
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits up to <paramref name="patience"/> for a message, then delivers it; the function's answer.</summary>
    public static async Task<InvocationResponse> DeliverNextAsync(
        FunctionsHostSimulator host, RpcFunctionMetadata function, QueueClient queue, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var received = (await queue.ReceiveMessageAsync(VisibilityTimeout)).Value;
            if (received is not null)
            {
                var response = await host.InvokeAsync(QueueTriggerInvocation.Create(function, received));
                if (response.Result.Status == StatusResult.Types.Status.Success)
                {
                    await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
                }

                return response;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No message arrived on {queue.Name} within {patience}.");
            }

            await Task.Delay(100);
        }
    }
}
