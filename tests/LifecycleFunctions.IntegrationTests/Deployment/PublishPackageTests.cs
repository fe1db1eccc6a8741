using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using LifecycleFunctions.App.Hosting;

namespace LifecycleFunctions.IntegrationTests.Deployment;

/// <summary>
/// scripts/publish.sh builds the package the Functions host runs: host.json, every function.json in its own
/// folder at the root, and the self-contained `lifecycle` executable that host.json names.
/// </summary>
public sealed class PublishPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("lifecycle-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task PublishScript_BuildsAPackageTheFunctionsHostCanRun()
    {
        var zip = Path.Combine(_work, "package.zip");
        var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), zip);
        Assert.True(exitCode == 0, output);
        var root = Path.Combine(_work, "package");
        ZipFile.ExtractToDirectory(zip, root);

        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(File.Exists(Path.Combine(root, executable)), $"host.json starts '{executable}', which the package lacks.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(root, executable)).HasFlag(UnixFileMode.UserExecute), "The custom handler must be executable on Linux.");
        }

        Assert.False(Directory.Exists(Path.Combine(root, "functions")), "function.json files must sit in <Name>/ at the root, where the host looks.");

        // No drift: every declaration in the package has a handler class and every handler a declaration.
        var declarations = FunctionManifest.Load(root);
        var catalog = new FunctionCatalog(declarations, FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly));
        Assert.Equal(FunctionManifest.Load(FunctionManifest.DefaultRoot).Select(d => d.Name).Order(StringComparer.Ordinal), catalog.Declarations.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LifecycleFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No LifecycleFunctions.sln above {AppContext.BaseDirectory}.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
