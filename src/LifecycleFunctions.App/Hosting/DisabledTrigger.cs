using Microsoft.Extensions.Hosting;

namespace LifecycleFunctions.App.Hosting;

/// <summary>Stands in for the listener of a function switched off by <see cref="FunctionSwitch"/>: nothing polls or fires.</summary>
public sealed class DisabledTrigger : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
