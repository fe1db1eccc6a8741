using System.Runtime.CompilerServices;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Engine.Tests.Replay;

/// <summary>Poison messages in lists by queue, with no leases: a message is there until it is deleted.</summary>
public sealed class InMemoryPoisonQueues : IPoisonQueues
{
    private readonly Dictionary<string, List<LeasedPoisonMessage>> _queues = new(StringComparer.Ordinal);

    public void Add(string queue, string messageId, string body, DateTimeOffset insertedOn) =>
        Queue(queue).Add(new LeasedPoisonMessage(queue + "-poison", messageId, "receipt", body, insertedOn));

    public IReadOnlyList<LeasedPoisonMessage> Messages(string queue) => Queue(queue);

    public async IAsyncEnumerable<LeasedPoisonMessage> ReceiveAllAsync(
        string queue, TimeSpan lease, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var message in Messages(queue).ToList())
        {
            yield return message;
        }
    }

    public Task<LeasedPoisonMessage?> TakeAsync(LeasedPoisonMessage message, TimeSpan lease, CancellationToken cancellationToken) => Present(message);

    public Task<LeasedPoisonMessage?> ReleaseAsync(LeasedPoisonMessage message, CancellationToken cancellationToken) => Present(message);

    public Task DeleteAsync(LeasedPoisonMessage message, CancellationToken cancellationToken)
    {
        foreach (var list in _queues.Values)
        {
            list.RemoveAll(m => m.MessageId == message.MessageId);
        }

        return Task.CompletedTask;
    }

    public bool IsStorageFailure(Exception exception) => false;

    private List<LeasedPoisonMessage> Queue(string queue) => _queues.TryGetValue(queue, out var list) ? list : _queues[queue] = [];

    private Task<LeasedPoisonMessage?> Present(LeasedPoisonMessage message) =>
        Task.FromResult(_queues.Values.SelectMany(l => l).FirstOrDefault(m => m.MessageId == message.MessageId));
}
