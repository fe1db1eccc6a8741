using System.Diagnostics;
using LifecycleFunctions.App.Emulator;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The tracking libraries customers' servers use, Segment's (@segment/analytics-node) and RudderStack's
/// (@rudderstack/rudder-sdk-node), from npm into the repository's .tools folder beside Azurite on first use: to
/// send events the way those servers do, not the way our tests imagine it.
/// </summary>
public static class TrackingNodeLibraries
{
    public const string Segment = "@segment/analytics-node@3.1.0";
    public const string RudderStack = "@rudderstack/rudder-sdk-node@3.0.13";

    private const string Folder = "tracking-node-libraries";

    private static readonly string[] Packages = [Segment, RudderStack];

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>Runs a Node.js module (ESM) that may import either library; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var folder = await EnsureInstalledAsync();
        var path = Path.Combine(folder, $"script-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(path, script);
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
            start.ArgumentList.Add(path);
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            return await RunAsync(start, TimeSpan.FromMinutes(1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        // Beside Azurite's versions, one folder per set of versions: .tools/tracking-node-libraries/<versions>.
        var folder = Path.Combine(Path.GetDirectoryName(AzuriteLauncher.DefaultToolsPath())!, Folder, string.Join('_', Packages).Replace("@", string.Empty, StringComparison.Ordinal).Replace('/', '-'));
        var markers = Packages.Select(package => Path.Combine(folder, "node_modules", package[..package.LastIndexOf('@')], "package.json")).ToList();
        await Installing.WaitAsync();
        try
        {
            if (!markers.All(File.Exists))
            {
                Directory.CreateDirectory(folder);
                var npm = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var arg in InstallArguments(folder).Concat(Packages))
                {
                    npm.ArgumentList.Add(arg);
                }

                var (exit, output) = await RunAsync(npm, TimeSpan.FromMinutes(3));
                Assert.True(exit == 0 && markers.All(File.Exists), $"npm install {string.Join(' ', Packages)} failed ({exit}): {output}");
            }

            return folder;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static string[] InstallArguments(string folder) => ["install", "--prefix", folder, "--no-audit", "--no-fund", "--loglevel=error"];

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
