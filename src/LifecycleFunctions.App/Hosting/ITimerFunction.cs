namespace LifecycleFunctions.App.Hosting;

/// <summary>A timer-triggered function; its class name is its function name.</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerTriggerInfo timer, CancellationToken cancellationToken);
}
