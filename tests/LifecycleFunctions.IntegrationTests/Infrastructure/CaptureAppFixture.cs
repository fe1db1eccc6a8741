namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>One Azurite and one app shared by the capture tests; tests keep apart by using fresh ids.</summary>
public sealed class CaptureAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        App = await TestApp.StartAsync(_azurite.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CaptureCollection : ICollectionFixture<CaptureAppFixture>
{
    public const string Name = "capture";
}
