using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.App.Emulator;

/// <summary>
/// Starts the Azure Storage emulator (the npm package azurite) when nothing listens on its ports, installing it
/// on first use into a local tools folder, never globally. The app and the test fixture share this.
/// </summary>
public sealed class AzuriteLauncher(ILogger logger)
{
    private const string RepositoryMarker = "LifecycleFunctions.sln";

    public async Task<AzuriteInstance> EnsureRunningAsync(AzuriteOptions options, CancellationToken cancellationToken)
    {
        var connectionString = options is { BlobPort: 10000, QueuePort: 10001, TablePort: 10002 }
            ? StorageOptions.DevelopmentStorage
            : AzuriteConnection.For(options.BlobPort, options.QueuePort, options.TablePort);

        var ports = new[] { options.BlobPort, options.QueuePort, options.TablePort };
        var listening = ports.Where(IsListening).ToList();
        if (listening.Count == ports.Length)
        {
            logger.LogInformation("Using the storage emulator already listening on ports {Ports}", string.Join(", ", ports));
            return new AzuriteInstance(connectionString, null);
        }

        if (listening.Count > 0)
        {
            throw new InvalidOperationException(
                $"Port(s) {string.Join(", ", listening)} are taken but not all of {string.Join(", ", ports)} are: something other than Azurite holds them. " +
                "Stop it, or set Storage:ConnectionString to a storage account to use instead.");
        }

        var script = await InstallAsync(options, cancellationToken);
        var process = Start(script, options);
        try
        {
            await WaitUntilListeningAsync(process, ports, options.StartTimeout, cancellationToken);
        }
        catch
        {
            await new AzuriteInstance(connectionString, process).DisposeAsync();
            throw;
        }

        logger.LogInformation("Started Azurite {Version} (pid {Pid}) on ports {Ports}", options.Version, process.Id, string.Join(", ", ports));
        return new AzuriteInstance(connectionString, process);
    }

    /// <summary>Three free loopback ports, for a private emulator (tests, benchmarks).</summary>
    public static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return (ports[0], ports[1], ports[2]);
    }

    public static string DefaultToolsPath() => Path.Combine(RepositoryRoot() ?? UserFolder(Environment.SpecialFolder.LocalApplicationData), ".tools", "azurite");

    public static string DefaultDataPath() => Path.Combine(RepositoryRoot() ?? UserFolder(Environment.SpecialFolder.LocalApplicationData), ".azurite");

    private async Task<string> InstallAsync(AzuriteOptions options, CancellationToken cancellationToken)
    {
        var tools = Path.Combine(options.ToolsPath ?? DefaultToolsPath(), options.Version);
        var script = Path.Combine(tools, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        Directory.CreateDirectory(tools);
        using var installLock = await AcquireLockAsync(Path.Combine(tools, ".install.lock"), cancellationToken);
        if (File.Exists(script))
        {
            return script;
        }

        logger.LogInformation("Installing Azurite {Version} into {Path} (first run only)", options.Version, tools);
        var (exitCode, output) = await RunAsync("npm", ["install", "--prefix", tools, $"azurite@{options.Version}", "--no-audit", "--no-fund", "--loglevel=error"], cancellationToken);
        if (exitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"Installing Azurite with npm failed (exit code {exitCode}):{Environment.NewLine}{output}");
        }

        return script;
    }

    private static Process Start(string script, AzuriteOptions options)
    {
        var args = new List<string>
        {
            script,
            "--blobPort", options.BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queuePort", options.QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tablePort", options.TablePort.ToString(CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        };
        if (options.InMemory)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            var data = options.DataPath ?? DefaultDataPath();
            Directory.CreateDirectory(data);
            args.AddRange(["--location", data]);
        }

        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        args.ForEach(startInfo.ArgumentList.Add);
        try
        {
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(NodeMissing, ex);
        }
    }

    private static async Task WaitUntilListeningAsync(Process process, int[] ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!ports.All(IsListening))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start with code {process.ExitCode}.");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Azurite did not open ports {string.Join(", ", ports)} within {timeout.TotalSeconds:N0} s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(NodeMissing, ex);
        }

        using (process)
        {
            var output = new StringBuilder();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            output.Append(await stdout).Append(await stderr);
            return (process.ExitCode, output.ToString());
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        // Two processes (a test run and a demo) may install at once; npm does not like sharing a prefix.
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, RepositoryMarker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string UserFolder(Environment.SpecialFolder folder)
    {
        var path = Environment.GetFolderPath(folder);
        return Path.Combine(string.IsNullOrEmpty(path) ? Path.GetTempPath() : path, "lifecycle-functions");
    }

    private const string NodeMissing =
        "The local storage emulator needs Node.js (node and npm on PATH; Node 18 or newer). Install Node.js, " +
        "or set Storage:ConnectionString to an Azure Storage account.";
}
