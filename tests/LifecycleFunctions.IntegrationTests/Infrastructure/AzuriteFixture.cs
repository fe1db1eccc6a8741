using LifecycleFunctions.App.Emulator;
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
        // Ports are free only when asked: an emulator another test class starts at the same moment can take one
        // first, and this one then exits at start. New ports, then.
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = AzuriteLauncher.FreePorts();
            var options = new AzuriteOptions { BlobPort = blob, QueuePort = queue, TablePort = table, InMemory = true, StartTimeout = TimeSpan.FromMinutes(3) };
            try
            {
                _instance = await new AzuriteLauncher(NullLogger.Instance).EnsureRunningAsync(options, CancellationToken.None);
                return;
            }
            catch (InvalidOperationException) when (attempt < MaxStartAttempts)
            {
            }
        }
    }

    private const int MaxStartAttempts = 3;

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
