using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>Which storage account the app connects to, from the settings the Azure Functions host and our Bicep use.</summary>
public sealed class StorageConnectionTests
{
    [Fact]
    public async Task Build_WithIdentityBasedAccountName_UsesTheAccountsServiceUrisWithoutKeys()
    {
        await using var app = LifecycleHost.Build(["--AzureWebJobsStorage:accountName=stlifecycle", "--AzureWebJobsStorage:credential=managedidentity", "--AzureWebJobsStorage:clientId=00000000-0000-0000-0000-000000000001"]);

        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var clients = app.Services.GetRequiredService<StorageClients>();

        Assert.False(options.IsDevelopmentStorage);
        Assert.True(options.Identity!.ManagedIdentityOnly);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.Identity.ClientId);
        Assert.Equal(new Uri("https://stlifecycle.table.core.windows.net/"), clients.Tables.Uri);
        Assert.Equal("https://stlifecycle.queue.core.windows.net/", clients.Queues.Uri.ToString());
        Assert.Equal("https://stlifecycle.blob.core.windows.net/", clients.Blobs.Uri.ToString());
    }

    [Fact]
    public async Task Build_WithExplicitServiceUris_UsesThem()
    {
        await using var app = LifecycleHost.Build(
        [
            "--AzureWebJobsStorage:tableServiceUri=https://tables.example.net",
            "--AzureWebJobsStorage:queueServiceUri=https://queues.example.net",
            "--AzureWebJobsStorage:blobServiceUri=https://blobs.example.net",
        ]);

        var clients = app.Services.GetRequiredService<StorageClients>();

        Assert.Equal("tables.example.net", clients.Tables.Uri.Host);
        Assert.Equal("queues.example.net", clients.Queues.Uri.Host);
        Assert.Equal("blobs.example.net", clients.Blobs.Uri.Host);
    }

    [Fact]
    public async Task Build_WithOnlySomeServiceUris_ExplainsWhatIsMissing()
    {
        await using var app = LifecycleHost.Build(["--AzureWebJobsStorage:tableServiceUri=https://tables.example.net"]);

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WithStorageConnectionString_PrefersItOverTheFunctionsHostSetting()
    {
        await using var app = LifecycleHost.Build(["--Storage:ConnectionString=UseDevelopmentStorage=true", "--AzureWebJobsStorage:accountName=stlifecycle"]);

        Assert.True(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.IsDevelopmentStorage);
    }

    [Fact]
    public async Task Build_WithNothingConfigured_UsesTheLocalEmulator()
    {
        await using var app = LifecycleHost.Build([]);

        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.True(options.IsDevelopmentStorage);
        Assert.Null(options.Identity);
    }
}
