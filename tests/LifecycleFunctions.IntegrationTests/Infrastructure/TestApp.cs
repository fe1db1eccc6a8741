using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The real app (same builder as `lifecycle serve`: routes from the generated declarations, queue listeners, storage adapters)
/// on ASP.NET Core's in-memory test server, against a real Azurite.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string WriteKey = "test-write-key";
    public const string FunctionKey = "test-function-key";
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private TestApp(WebApplication app, StorageClients storage, FakeTimeProvider time)
    {
        App = app;
        Storage = storage;
        Time = time;
        Http = app.GetTestClient();
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public StorageClients Storage { get; }
    public FakeTimeProvider Time { get; }
    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(string connectionString, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, string[]? args = null)
    {
        var time = new FakeTimeProvider(Now);
        var config = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Collect:WriteKeys:0"] = WriteKey,
            ["Collect:WriteKeys:1"] = "second-write-key",
            ["Reports:FunctionKey"] = FunctionKey,
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.250",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // A null value takes the setting away, as when an app is deployed without it.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                config.Remove(key);
            }
            else
            {
                config[key] = value;
            }
        }

        var app = LifecycleHost.Build(args ?? [], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(time);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new TestApp(app, app.Services.GetRequiredService<StorageClients>(), time);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
