using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Emulator;
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
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private AzuriteInstance? _instance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.IsDevelopmentStorage)
        {
            _instance = await new AzuriteLauncher(loggers.CreateLogger<AzuriteLauncher>()).EnsureRunningAsync(azurite.Value, cancellationToken);
        }

        await provisioner.EnsureCreatedAsync(catalog.Queue.Select(d => d.Trigger.QueueName!), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _instance, null) is { } instance)
        {
            await instance.DisposeAsync();
        }
    }
}
