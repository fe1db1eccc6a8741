using System.Net;
using System.Text.RegularExpressions;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>The local emulator on other ports than 10000–10002: the app's clients go where Azurite:*Port says.</summary>
public sealed partial class EmulatorPortsTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Collect_WithDevelopmentStorageOnConfiguredPorts_StoresInTheEmulatorOnThosePorts()
    {
        var ports = Port().Matches(_azurite.ConnectionString).ToDictionary(m => m.Groups["service"].Value, m => m.Groups["port"].Value);
        await using var app = await TestApp.StartAsync(StorageOptions.DevelopmentStorage, settings: new Dictionary<string, string?>
        {
            ["Azurite:BlobPort"] = ports["Blob"],
            ["Azurite:QueuePort"] = ports["Queue"],
            ["Azurite:TablePort"] = ports["Table"],
        });
        var messageId = SegmentClient.NewId("ports");

        using var response = await app.Http.PostAsync("/v1/track", new { messageId, userId = "u-ports", @event = "Signed Up" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await StoredEvents.WaitForAsync(new StorageClients(_azurite.ConnectionString), StoredEvents.ByMessageId(messageId)));
    }

    [GeneratedRegex(@"(?<service>Blob|Queue|Table)Endpoint=http://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex Port();
}
