using LifecycleFunctions.Storage.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// A private, in-memory Azurite on free ports, started through the same launcher the app uses (installed with
/// npm into the repository's .tools folder on first use).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _instance;

    public string ConnectionString => _instance?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync()
    {
        var (blob, queue, table) = AzuriteLauncher.FreePorts();
        var options = new AzuriteOptions { BlobPort = blob, QueuePort = queue, TablePort = table, InMemory = true, StartTimeout = TimeSpan.FromMinutes(3) };
        _instance = await new AzuriteLauncher(NullLogger.Instance).EnsureRunningAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
