namespace LifecycleFunctions.Engine.Replay;

/// <summary>Sends a body, as it is, onto a queue the app's functions read.</summary>
public interface IQueueSender
{
    Task SendAsync(string queue, string body, CancellationToken cancellationToken);
}
