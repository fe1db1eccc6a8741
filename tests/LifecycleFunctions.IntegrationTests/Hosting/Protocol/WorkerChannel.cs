using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// One worker's open <c>EventStream</c>, seen from the host's side: requests queue for the response stream (which
/// <see cref="HostEventStreamService"/> writes, one message at a time as gRPC requires), and the
/// worker's answers are matched to them by <c>request_id</c> (the worker echoes it on every response). Log messages
/// (<see cref="RpcLog"/>) carry no request id and are kept for diagnostics.
/// </summary>
public sealed class WorkerChannel
{
    private readonly Channel<StreamingMessage> _toWorker = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly ConcurrentQueue<StreamingMessage> _unanswered = new();
    private readonly ConcurrentQueue<RpcLog> _logs = new();

    public WorkerChannel(string workerId)
    {
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    internal ChannelReader<StreamingMessage> ToWorker => _toWorker.Reader;

    public IReadOnlyCollection<RpcLog> Logs => _logs;

    /// <summary>Messages from the worker that answered no request and were no log.</summary>
    public IReadOnlyCollection<StreamingMessage> Unanswered => _unanswered;

    /// <summary>Sends <paramref name="request"/> (a fresh request id if it has none) and waits for the worker's answer.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan patience)
    {
        if (string.IsNullOrEmpty(request.RequestId))
        {
            request.RequestId = Guid.NewGuid().ToString();
        }

        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(request.RequestId, answer))
        {
            throw new InvalidOperationException($"Request id {request.RequestId} is already waiting for an answer.");
        }

        await SendAsync(request);
        try
        {
            return await answer.Task.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The worker did not answer {request.ContentCase} within {patience}.");
        }
        finally
        {
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Sends a message that has no answer (e.g. <c>WorkerTerminate</c>).</summary>
    public Task SendAsync(StreamingMessage message)
    {
        if (!_toWorker.Writer.TryWrite(message))
        {
            throw new InvalidOperationException("The worker's event stream is closed.");
        }

        return Task.CompletedTask;
    }

    internal void Receive(StreamingMessage message)
    {
        if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            _logs.Enqueue(message.RpcLog);
        }
        else if (!string.IsNullOrEmpty(message.RequestId) && _pending.TryGetValue(message.RequestId, out var answer))
        {
            answer.TrySetResult(message);
        }
        else
        {
            _unanswered.Enqueue(message);
        }
    }

    internal void Close(Exception? reason)
    {
        _toWorker.Writer.TryComplete();
        var failure = new InvalidOperationException("The worker closed its event stream.", reason);
        foreach (var answer in _pending.Values)
        {
            answer.TrySetException(failure);
        }
    }
}
