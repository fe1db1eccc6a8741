namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// An Azurite and an app for the lifecycle engine's tests. A recompute works on all the storage's people, so
/// these tests run one after another in their own collection; each uses its own person ids.
/// </summary>
public sealed class LifecycleAppFixture : IAsyncLifetime
{
    public const string AliasedAdNetwork = "alias-ads";
    public const string AliasedChannel = "aliased";

    private readonly AzuriteFixture _azurite = new();

    public TestApp App { get; private set; } = null!;
    public string ConnectionString => _azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        App = await TestApp.StartAsync(_azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Recompute:WatermarkLagSeconds"] = "0",

            // Names no other test uses, so only the channel aliases test sees them.
            [$"{LifecycleFunctions.Domain.Lifecycle.LifecycleOptions.Section}:ChannelAliases:0"] = $"{AliasedAdNetwork}={AliasedChannel}",

            // An unused slot, as the Bicep template writes them.
            [$"{LifecycleFunctions.Domain.Lifecycle.LifecycleOptions.Section}:ChannelAliases:1"] = string.Empty,
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<LifecycleAppFixture>
{
    public const string Name = "lifecycle";
}
