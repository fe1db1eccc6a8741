using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The built `lifecycle` executable (the app's output beside the test assembly) run as a child process, so a
/// test can kill it as the operating system would: <see cref="Kill"/> is SIGKILL on Linux, with no shutdown
/// code run. Disposing kills it too, so no process outlives its test.
/// </summary>
public sealed class LifecycleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LifecycleProcess(Process process)
    {
        _process = process;
    }

    public DateTimeOffset StartedAt { get; private init; }

    /// <summary>What it wrote to stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static LifecycleProcess Start(params string[] args)
    {
        // `dotnet test` sets DOTNET_HOST_PATH to the muxer that runs it: the same runtime for the child.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lifecycle.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var child = new LifecycleProcess(process) { StartedAt = DateTimeOffset.UtcNow };
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A port nobody listens on now (the child binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Until the HTTP port answers anything at all; fails with the child's output if it exits first.</summary>
    public async Task WaitUntilServingAsync(Uri address, TimeSpan patience)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"lifecycle exited with {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var _ = await http.GetAsync(new Uri("/", UriKind.Relative));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The exit code, or a failure with the output when it runs longer than <paramref name="patience"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"lifecycle {string.Join(' ', _process.StartInfo.ArgumentList.Skip(1))} ran longer than {patience}:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL, then waits until the process is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or gone already.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
