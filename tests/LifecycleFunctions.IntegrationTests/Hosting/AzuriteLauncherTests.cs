using System.Net;
using System.Net.Sockets;
using LifecycleFunctions.App.Emulator;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifecycleFunctions.IntegrationTests.Hosting;

public sealed class AzuriteLauncherTests
{
    [Fact]
    public async Task EnsureRunning_WithNothingListening_StartsAzuriteThatServesAndStopsOnDispose()
    {
        var options = PrivateOptions();

        var instance = await new AzuriteLauncher(NullLogger.Instance).EnsureRunningAsync(options, CancellationToken.None);
        await using (instance)
        {
            Assert.True(instance.StartedHere);
            var storage = new StorageClients(instance.ConnectionString);
            await storage.Tables.CreateTableIfNotExistsAsync("probe");
            await storage.Queue("probe").CreateIfNotExistsAsync();

            // A second launcher finds it running and leaves it alone.
            await using var second = await new AzuriteLauncher(NullLogger.Instance).EnsureRunningAsync(options, CancellationToken.None);
            Assert.False(second.StartedHere);
        }

        Assert.False(AzuriteLauncher.IsListening(options.TablePort));
    }

    [Fact]
    public async Task EnsureRunning_WithOnePortTakenBySomethingElse_ExplainsWhichPort()
    {
        var options = PrivateOptions();
        var squatter = new TcpListener(IPAddress.Loopback, options.QueuePort);
        squatter.Start();
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new AzuriteLauncher(NullLogger.Instance).EnsureRunningAsync(options, CancellationToken.None));

            Assert.Contains(options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
            Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public void ConnectionString_ForDefaultPorts_IsTheDevelopmentStorageShortcut()
    {
        Assert.True(new StorageOptions().IsDevelopmentStorage);
        Assert.True(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true;" }.IsDevelopmentStorage);
        Assert.False(new StorageOptions { ConnectionString = AzuriteConnection.For(1, 2, 3) }.IsDevelopmentStorage);
    }

    private static AzuriteOptions PrivateOptions()
    {
        var (blob, queue, table) = AzuriteLauncher.FreePorts();
        return new AzuriteOptions { BlobPort = blob, QueuePort = queue, TablePort = table, InMemory = true, StartTimeout = TimeSpan.FromMinutes(3) };
    }
}
