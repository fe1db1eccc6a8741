using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// A ServiceBusSender that keeps what it is sent instead of sending it (its methods are virtual for this), or
/// fails every send as an unreachable namespace would.
/// </summary>
public sealed class CapturingServiceBusSender : ServiceBusSender
{
    private readonly ConcurrentQueue<ServiceBusMessage> _sent = new();

    public bool Failing { get; init; }

    public int Attempts => _attempts;

    private int _attempts;

    public IReadOnlyList<ServiceBusMessage> Sent => [.. _sent];

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default) =>
        SendMessagesAsync([message], cancellationToken);

    public override Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _attempts);
        if (Failing)
        {
            throw new ServiceBusException("The namespace is unreachable (test double).", ServiceBusFailureReason.ServiceCommunicationProblem);
        }

        foreach (var message in messages)
        {
            _sent.Enqueue(message);
        }

        return Task.CompletedTask;
    }

    public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Until <paramref name="count"/> messages were sent.</summary>
    public async Task<IReadOnlyList<ServiceBusMessage>> WaitForAsync(int count, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (_sent.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{count} message(s) expected on the topic within {patience}; {_sent.Count} sent.");
            }

            await Task.Delay(100);
        }

        return Sent;
    }
}
