using System.Diagnostics;

namespace LifecycleFunctions.App.Emulator;

/// <summary>A running emulator; disposing stops it if this process started it.</summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private const int SigInt = 2;

    private readonly Process? _process;

    internal AzuriteInstance(string connectionString, Process? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    public string ConnectionString { get; }

    /// <summary>CPU time the emulator process has used, for benchmarks that set it beside the app's; zero when not started here.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            if (_process is null)
            {
                return TimeSpan.Zero;
            }

            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>False when another Azurite was already listening and is left alone.</summary>
    public bool StartedHere => _process is not null;

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                // Azurite saves its tables to disk periodically and on a graceful stop; a kill loses the last seconds of writes.
                if (!OperatingSystem.IsWindows() && SendSignal(_process.Id, SigInt) == 0)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    try
                    {
                        await _process.WaitForExitAsync(timeout.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Did not stop in time; kill below.
                    }
                }

                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static int SendSignal(int pid, int signal)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
            return kill?.ExitCode ?? -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
