using LifecycleFunctions.App.Emulator;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// First thing at start: when the storage connection is the local emulator and nothing listens on its ports,
/// start Azurite (stopped again at exit); then create the tables, queues and containers. It also stops Azurite
/// when disposed, so a command that fails before the host stops does not leave an emulator running.
/// </summary>
public sealed class EmbeddedStorageService(
    IOptions<StorageOptions> storage,
    IOptions<AzuriteOptions> azurite,
    StorageProvisioner provisioner,
    FunctionCatalog catalog,
    HostingMode mode,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<EmbeddedStorageService>();
    private AzuriteInstance? _instance;

    /// <summary>Behind the Functions host: the provisioning started in the background, for tests to await.</summary>
    public Task Provisioned { get; private set; } = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.IsDevelopmentStorage)
        {
            _instance = await new AzuriteLauncher(loggers.CreateLogger<AzuriteLauncher>()).EnsureRunningAsync(azurite.Value, cancellationToken);
        }

        var queues = catalog.Queue.Select(d => d.Trigger.QueueName!).ToList();
        if (!mode.BehindFunctionsHost)
        {
            await provisioner.EnsureCreatedAsync(queues, cancellationToken);
            return;
        }

        // The host waits for the worker to start, and the infrastructure has created everything
        // already; a freshly granted role can take minutes to apply, and a 403 here must not fail the start
        // (the host would restart the app in a loop).
        Provisioned = ProvisionInBackgroundAsync(queues);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _instance, null) is { } instance)
        {
            await instance.DisposeAsync();
        }
    }

    private async Task ProvisionInBackgroundAsync(IReadOnlyList<string> queues)
    {
        try
        {
            await Task.Yield();
            await provisioner.EnsureCreatedAsync(queues, CancellationToken.None);
        }
#pragma warning disable CA1031 // Whatever fails here is logged; the functions report their own storage errors.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Could not check the storage tables, queues and containers at start; the functions report any that are missing");
        }
    }
}
