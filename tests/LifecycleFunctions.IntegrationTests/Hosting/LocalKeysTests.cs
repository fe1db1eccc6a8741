using System.Net;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// The well-known local keys open the app only on the local emulator. Against a real storage account (any
/// connection string other than UseDevelopmentStorage=true) with no keys configured, nothing is accepted.
/// </summary>
public sealed class LocalKeysTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, string?> NoKeys = new()
    {
        ["Collect:WriteKeys:0"] = null,
        ["Collect:WriteKeys:1"] = null,
        ["Reports:FunctionKey"] = null,
    };

    [Fact]
    public async Task Collect_WithLocalWriteKeyAndNoKeysOnARealAccount_IsRefused()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: NoKeys);

        using var response = await app.Http.PostAsync("/v1/track", new { userId = "u-1", @event = "Signed Up" }, LifecycleServices.LocalWriteKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:lifecycle-functions:problem:write-key", (await response.JsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task RequestRecompute_WithLocalFunctionKeyAndNoKeyOnARealAccount_SaysNoKeyIsConfigured()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: NoKeys);

        using var response = await app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/recompute") { Headers = { { "x-functions-key", FunctionKeyOptions.LocalKey } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("No function key configured", (await response.JsonAsync()).GetProperty("title").GetString());
    }
}
