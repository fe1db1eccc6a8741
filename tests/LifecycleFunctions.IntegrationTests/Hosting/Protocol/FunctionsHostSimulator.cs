using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MessageCase = Microsoft.Azure.Functions.Worker.Grpc.Messages.StreamingMessage.ContentOneofCase;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// Plays the Azure Functions host for one dotnet-isolated worker, over the real protocol (FunctionRpc.proto): a gRPC
/// server on a free loopback port (Kestrel, HTTP/2 cleartext), the worker started with the host's command line and
/// environment, then the host's steps one at a time: init, metadata, load, invoke; HTTP functions proxied to the
/// worker's <c>HttpUri</c> with <c>x-ms-invocation-id</c>, as the host does when the worker advertises that capability.
/// </summary>
public sealed class FunctionsHostSimulator : IAsyncDisposable
{
    /// <summary>What the host passes as <c>--grpcMaxMessageLength</c> by default.</summary>
    public const int GrpcMaxMessageLength = int.MaxValue;

    private const string HttpUriCapability = "HttpUri";
    private const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AnswerPatience = TimeSpan.FromSeconds(60);

    private readonly WebApplication _server;
    private readonly WorkerProcess _worker;
    private readonly WorkerChannel _channel;
    private readonly WorkerLaunch _launch;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private FunctionsHostSimulator(WebApplication server, WorkerProcess worker, WorkerChannel channel, WorkerLaunch launch)
    {
        _server = server;
        _worker = worker;
        _channel = channel;
        _launch = launch;
    }

    /// <summary>The worker's HTTP address from its init response (ASP.NET Core integration), once initialised.</summary>
    public Uri? HttpUri { get; private set; }

    /// <summary>The worker's console output and the logs it sent over the stream, for failure messages.</summary>
    public string WorkerOutput
    {
        get
        {
            var text = new StringBuilder(_worker.Output);
            foreach (var log in _channel.Logs)
            {
                text.Append(CultureInfo.InvariantCulture, $"[rpc {log.Level} {log.Category}] {log.Message} {log.Exception?.Message}").AppendLine();
            }

            return text.ToString();
        }
    }

    /// <summary>Starts the gRPC server, then the worker, and waits until the worker has opened its event stream.</summary>
    public static async Task<FunctionsHostSimulator> StartAsync(WorkerLaunch launch)
    {
        var workers = new ConnectedWorkers();
        var server = await StartServerAsync(workers);
        var port = new Uri(server.Urls.Single()).Port;
        var workerId = Guid.NewGuid().ToString();
        var worker = WorkerProcess.Start(launch.WorkerAssembly, CommandLine(port, workerId, Guid.NewGuid().ToString()), WorkerEnvironment(launch));
        try
        {
            var channel = await WaitForStreamAsync(workers.WaitForAsync(workerId), worker);
            return new FunctionsHostSimulator(server, worker, channel, launch);
        }
        catch
        {
            worker.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The arguments the host gives a worker: the legacy ones and the <c>--functions-*</c> ones the .NET worker reads.</summary>
    public static IReadOnlyList<string> CommandLine(int port, string workerId, string requestId)
    {
        var uri = $"http://127.0.0.1:{port}/";
        var maxLength = GrpcMaxMessageLength.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxLength,
            "--functions-uri", uri, "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", maxLength,
        ];
    }

    public async Task<WorkerInitResponse> InitializeAsync()
    {
        var request = new WorkerInitRequest
        {
            HostVersion = "4.1040.0.0",
            FunctionAppDirectory = _launch.AppDirectory,
            WorkerDirectory = _launch.AppDirectory,
        };
        var answer = await RequestAsync(new StreamingMessage { WorkerInitRequest = request }, MessageCase.WorkerInitResponse);
        if (answer.WorkerInitResponse.Capabilities.TryGetValue(HttpUriCapability, out var httpUri))
        {
            HttpUri = new Uri(httpUri);
        }

        return answer.WorkerInitResponse;
    }

    /// <summary>Worker indexing: the worker lists its functions, each with an id the host loads and invokes it by.</summary>
    public async Task<FunctionMetadataResponse> GetFunctionMetadataAsync()
    {
        var request = new FunctionsMetadataRequest { FunctionAppDirectory = _launch.AppDirectory };
        var answer = await RequestAsync(new StreamingMessage { FunctionsMetadataRequest = request }, MessageCase.FunctionMetadataResponse);
        return answer.FunctionMetadataResponse;
    }

    /// <summary>One <c>FunctionLoadRequest</c> per function (the .NET worker handles this form, not the collection).</summary>
    public async Task<FunctionLoadResponse> LoadFunctionAsync(RpcFunctionMetadata function)
    {
        var metadata = function.Clone();
        metadata.Directory = _launch.AppDirectory;
        var request = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = metadata };
        var answer = await RequestAsync(new StreamingMessage { FunctionLoadRequest = request }, MessageCase.FunctionLoadResponse);
        return answer.FunctionLoadResponse;
    }

    /// <summary>Init, metadata and a load of every function: what the host does before the first invocation.</summary>
    public async Task<IReadOnlyList<RpcFunctionMetadata>> StartFunctionsAsync()
    {
        var init = await InitializeAsync();
        EnsureSuccess(init.Result, "worker init");
        var metadata = await GetFunctionMetadataAsync();
        EnsureSuccess(metadata.Result, "function metadata");
        foreach (var function in metadata.FunctionMetadataResults)
        {
            EnsureSuccess((await LoadFunctionAsync(function)).Result, $"load of {function.Name}");
        }

        return metadata.FunctionMetadataResults;
    }

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest invocation)
    {
        var answer = await RequestAsync(new StreamingMessage { InvocationRequest = invocation }, MessageCase.InvocationResponse);
        return answer.InvocationResponse;
    }

    /// <summary>
    /// An HTTP function's invocation as the proxying host sends it: the <c>InvocationRequest</c> over gRPC and, at the
    /// same time, the client's request forwarded to the worker's <c>HttpUri</c> with the invocation id in a header.
    /// The worker pairs the two by that id; the HTTP response is the function's.
    /// </summary>
    public async Task<(InvocationResponse Invocation, HttpResponseMessage Response)> InvokeHttpAsync(
        InvocationRequest invocation, HttpRequestMessage request)
    {
        var httpUri = HttpUri ?? throw new InvalidOperationException("The worker advertised no HttpUri (call InitializeAsync first).");
        var path = request.RequestUri ?? throw new ArgumentException("The request needs a relative URI.", nameof(request));
        request.RequestUri = new Uri(httpUri, path);
        request.Headers.Add(InvocationIdHeader, invocation.InvocationId);
        var invoked = InvokeAsync(invocation);
        var response = await _http.SendAsync(request);
        return (await invoked, response);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_worker.HasExited)
            {
                // The host's polite goodbye; the worker stops its application. Killed below if it does not.
                await _channel.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = new() { Seconds = 5 } } });
                await _worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException)
        {
        }

        _worker.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static async Task<WebApplication> StartServerAsync(ConnectedWorkers workers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(workers);
        var server = builder.Build();
        server.MapGrpcService<HostEventStreamService>();
        await server.StartAsync();
        return server;
    }

    /// <summary>
    /// The settings the host sets for a worker process beside the app settings: the script root (the worker's
    /// ASP.NET Core integration reads host.json's route prefix from it) and the runtime.
    /// </summary>
    private static Dictionary<string, string> WorkerEnvironment(WorkerLaunch launch)
    {
        var environment = new Dictionary<string, string>(launch.AppSettings)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = launch.AppDirectory,
            ["FUNCTIONS_WORKER_DIRECTORY"] = launch.AppDirectory,
            ["AzureWebJobsScriptRoot"] = launch.AppDirectory,
        };
        return environment;
    }

    private static async Task<WorkerChannel> WaitForStreamAsync(Task<WorkerChannel> connected, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow + StartPatience;
        while (!connected.IsCompleted)
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"The worker exited with {worker.ExitCode} before opening its event stream:\n{worker.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The worker opened no event stream within {StartPatience}:\n{worker.Output}");
            }

            await Task.WhenAny(connected, Task.Delay(100));
        }

        return await connected;
    }

    private static void EnsureSuccess(StatusResult result, string step)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException(
                $"The worker's {step} failed: {result.Status} {result.Exception?.Message}\n{result.Exception?.StackTrace}");
        }
    }

    private async Task<StreamingMessage> RequestAsync(StreamingMessage request, MessageCase expected)
    {
        StreamingMessage answer;
        try
        {
            answer = await _channel.RequestAsync(request, AnswerPatience);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{ex.Message}\nWorker output:\n{WorkerOutput}", ex);
        }

        if (answer.ContentCase != expected)
        {
            throw new InvalidOperationException($"The worker answered {request.ContentCase} with {answer.ContentCase}, not {expected}.");
        }

        return answer;
    }
}
