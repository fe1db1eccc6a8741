using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Engine.Tests.Replay;

/// <summary>Keeps what was sent, in order, as (queue, body).</summary>
public sealed class RecordingQueueSender : IQueueSender
{
    public List<(string Queue, string Body)> Sent { get; } = [];

    public Task SendAsync(string queue, string body, CancellationToken cancellationToken)
    {
        Sent.Add((queue, body));
        return Task.CompletedTask;
    }
}
