using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>Storage:Retry:* reaches the SDK clients the app uses, and a value the SDK cannot use stops the app as it starts.</summary>
public sealed class StorageRetrySettingsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task StorageCall_WithStorageRetrySettingsAndStorageGone_IsTriedOnceMoreThanMaxRetries()
    {
        await using var proxy = StorageProxy.Start(azurite.ConnectionString);
        await using var app = await TestApp.StartAsync(proxy.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Storage:Retry:MaxRetries"] = "2",
            ["Storage:Retry:DelaySeconds"] = "0.1",
        });
        proxy.Drop();

        var failure = await Assert.ThrowsAsync<AggregateException>(() => app.Storage.Queue("retry-settings").GetPropertiesAsync());

        Assert.Equal(3, failure.InnerExceptions.Count);
    }

    [Theory]
    [InlineData("MaxRetries", "-1")]
    [InlineData("MaxRetries", "11")]
    [InlineData("DelaySeconds", "0")]
    [InlineData("NetworkTimeoutSeconds", "3601")]
    public void Build_WithAStorageRetrySettingOutOfRange_RefusesToStartNamingTheSetting(string setting, string value)
    {
        var refused = Assert.Throws<InvalidSettingException>(() => LifecycleHost.Build([$"--Storage:ConnectionString={azurite.ConnectionString}", $"--Storage:Retry:{setting}={value}"]));

        Assert.StartsWith($"Storage:Retry:{setting} must be", refused.Message, StringComparison.Ordinal);
    }
}
