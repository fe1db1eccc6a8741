using System.Collections.Concurrent;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>Workers that opened their event stream and said <c>StartStream</c>, by worker id.</summary>
public sealed class ConnectedWorkers
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WorkerChannel>> _byId = new();

    public Task<WorkerChannel> WaitForAsync(string workerId) => Slot(workerId).Task;

    internal void Accept(WorkerChannel channel)
    {
        if (!Slot(channel.WorkerId).TrySetResult(channel))
        {
            throw new InvalidOperationException($"Worker {channel.WorkerId} started a second event stream.");
        }
    }

    private TaskCompletionSource<WorkerChannel> Slot(string workerId) =>
        _byId.GetOrAdd(workerId, _ => new TaskCompletionSource<WorkerChannel>(TaskCreationOptions.RunContinuationsAsynchronously));
}
