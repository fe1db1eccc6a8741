using LifecycleFunctions.App.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The real app (`lifecycle serve`'s builder) in this process on a real Kestrel port, with every log line it
/// writes at Warning and above kept for the test.
/// </summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private KestrelApp(WebApplication app, RecordingLogger log)
    {
        App = app;
        Log = log;
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public RecordingLogger Log { get; }
    public IServiceProvider Services => App.Services;

    /// <param name="settings">Further settings, as `--Key=value` command-line options.</param>
    /// <param name="time">The app's clock; null: the real one.</param>
    public static async Task<KestrelApp> StartAsync(string connectionString, IEnumerable<string> settings, TimeProvider? time = null)
    {
        var log = new RecordingLogger();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={connectionString}", $"--Collect:WriteKeys:0={TestApp.WriteKey}",
            "--Logging:LogLevel:Default=Warning", .. settings,
        ];
        var app = LifecycleHost.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new KestrelApp(app, log);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
