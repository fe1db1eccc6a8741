using System.Diagnostics;
using LifecycleFunctions.Storage.Emulator;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Segment's own Node.js library (@segment/analytics-node, from npm, into the repository's .tools folder beside
/// Azurite on first use), to send events the way a customer's server does, not the way our tests imagine it.
/// </summary>
public static class SegmentNodeLibrary
{
    public const string Version = "3.1.0";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>Runs a Node.js module (ESM) that may import '@segment/analytics-node'; returns its exit code and output.</summary>
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
        // Beside Azurite's versions: .tools/segment-analytics-node/<version>.
        var folder = Path.Combine(Path.GetDirectoryName(AzuriteLauncher.DefaultToolsPath())!, "segment-analytics-node", Version);
        var marker = Path.Combine(folder, "node_modules", "@segment", "analytics-node", "package.json");
        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(marker))
            {
                Directory.CreateDirectory(folder);
                var npm = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var arg in new[] { "install", "--prefix", folder, $"@segment/analytics-node@{Version}", "--no-audit", "--no-fund", "--loglevel=error" })
                {
                    npm.ArgumentList.Add(arg);
                }

                var (exit, output) = await RunAsync(npm, TimeSpan.FromMinutes(3));
                Assert.True(exit == 0 && File.Exists(marker), $"npm install @segment/analytics-node@{Version} failed ({exit}): {output}");
            }

            return folder;
        }
        finally
        {
            Installing.Release();
        }
    }

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
