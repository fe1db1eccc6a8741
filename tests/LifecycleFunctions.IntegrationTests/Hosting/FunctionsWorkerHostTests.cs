using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// One executable, two hosts: the arguments the Functions host starts a worker with choose the isolated worker, anything
/// else the CLI; and the worker builds every function from the same services as the standalone host.
/// </summary>
public sealed class FunctionsWorkerHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>What the host passes (Azure/azure-functions-host, RpcWorkerConfig arguments; FunctionsNetHost forwards them).</summary>
    private static readonly string[] HostArguments =
    [
        "--host", "127.0.0.1", "--port", "50051", "--workerId", "w1", "--requestId", "r1", "--grpcMaxMessageLength", "2147483647",
        "--functions-uri", "http://127.0.0.1:50051/", "--functions-worker-id", "w1", "--functions-request-id", "r1",
        "--functions-grpc-max-message-length", "2147483647",
    ];

    [Fact]
    public void IsFunctionsWorker_WithTheFunctionsHostsArguments_ChoosesTheWorker()
    {
        Assert.True(FunctionsHostDetection.IsFunctionsWorker(HostArguments));
        Assert.True(FunctionsHostDetection.IsFunctionsWorker(["--functions-worker-id=w1"]));
    }

    [Theory]
    [InlineData("serve", "--urls", "http://127.0.0.1:5080")]
    [InlineData("demo")]
    [InlineData]
    public void IsFunctionsWorker_WithCliArguments_ChoosesTheCli(params string[] args)
    {
        Assert.False(FunctionsHostDetection.IsFunctionsWorker(args));
    }

    [Fact]
    public void Build_AsFunctionsWorker_CreatesEveryFunctionFromTheSharedServices()
    {
        // With Service Bus configured, so that PublishStageChanges has its sender too (nothing connects until a send).
        using var host = FunctionsWorkerHost.Build(
        [
            .. HostArguments, $"--Storage:ConnectionString={azurite.ConnectionString}",
            "--ServiceBus:ConnectionString=Endpoint=sb://lifecycle.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=a2V5",
        ]);

        Assert.True(host.Services.GetRequiredService<HostingMode>().BehindFunctionsHost);
        var catalog = host.Services.GetRequiredService<FunctionCatalog>();
        Assert.Equal(12, catalog.Declarations.Count);
        Assert.All(catalog.Declarations, d => Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, d.Handler)));
    }

    [Fact]
    public void Build_AsFunctionsWorker_LeavesTheTriggersToTheHost()
    {
        // The worker's own hosted services read the host's endpoint as configuration when they are made (nothing connects yet).
        using var host = FunctionsWorkerHost.Build(
            [.. HostArguments, $"--Storage:ConnectionString={azurite.ConnectionString}", "--Functions:Worker:HostEndpoint=http://127.0.0.1:50051/"]);

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is QueueTriggerListener or TimerTriggerListener or DisabledTrigger);
    }

    /// <summary>A role granted minutes ago may not apply yet: a refused create must not fail the worker's start, or the
    /// host restarts it in a loop. Standalone, the same refusal stops the start with its reason.</summary>
    [Fact]
    public async Task Start_AsFunctionsWorkerWhileStorageRefuses_LeavesProvisioningToTheBackground()
    {
        // The right Azurite with a wrong key: every call is refused at once (403).
        var refusing = System.Text.RegularExpressions.Regex.Replace(azurite.ConnectionString, "AccountKey=[^;]+", "AccountKey=" + Convert.ToBase64String(new byte[64]));
        using var host = FunctionsWorkerHost.Build([.. HostArguments, $"--Storage:ConnectionString={refusing}"]);
        var storage = host.Services.GetRequiredService<EmbeddedStorageService>();

        await storage.StartAsync(CancellationToken.None);
        await storage.Provisioned;

        await using var standalone = LifecycleHost.Build([$"--Storage:ConnectionString={refusing}", "--urls", "http://127.0.0.1:0"]);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => standalone.StartAsync());
    }

    [Fact]
    public void Build_AsFunctionsWorkerWithAWrongSetting_RefusesWithItsReason()
    {
        var error = Assert.Throws<InvalidSettingException>(() => FunctionsWorkerHost.Build(
            [.. HostArguments, $"--Storage:ConnectionString={azurite.ConnectionString}", "--Collect:StorageTimeoutSeconds=0"]));

        Assert.Contains("Collect:StorageTimeoutSeconds must be a number of seconds above 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AsFunctionsWorkerWithApplicationInsights_SendsTheWorkersLogsThere()
    {
        using var host = FunctionsWorkerHost.Build(
        [
            .. HostArguments, $"--Storage:ConnectionString={azurite.ConnectionString}",
            "--APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        ]);

        var providers = host.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>().Select(p => p.GetType().Name);
        Assert.Contains("ApplicationInsightsLoggerProvider", providers);
        // Information and above, not the provider's default of warnings only: the recompute's run figures are Information.
        var filters = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Logging.LoggerFilterOptions>>().Value;
        Assert.DoesNotContain(filters.Rules, r => r.ProviderName?.EndsWith("ApplicationInsightsLoggerProvider", StringComparison.Ordinal) == true);
    }
}
