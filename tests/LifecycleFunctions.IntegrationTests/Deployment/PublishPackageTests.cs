using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using LifecycleFunctions.App.Functions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Deployment;

/// <summary>
/// scripts/publish.sh (the project's own `dotnet publish`, as `azd deploy` runs it, zipped) builds the package the Functions host runs: host.json, every function.json in its own
/// folder at the root, and the self-contained `lifecycle` executable that host.json names; with
/// --messaging servicebus, the declarations of functions.servicebus/ in place of or beside the Storage-queue ones.
/// </summary>
public sealed class PublishPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("lifecycle-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task PublishScript_BuildsAPackageTheFunctionsHostCanRun()
    {
        var root = await PublishAsync();

        // No drift: every declaration in the package has a handler class and every handler a declaration.
        var catalog = new FunctionCatalog(FunctionManifest.Load(root), FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly));
        Assert.Equal(FunctionManifest.Load(FunctionManifest.DefaultRoot).Select(d => d.Name).Order(StringComparer.Ordinal), catalog.Declarations.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(catalog.Declarations, d => d.UsesServiceBus);
    }

    [Fact]
    public async Task PublishScript_WithServiceBusMessaging_LaysTheServiceBusDeclarationsOverTheStorageOnes()
    {
        var root = await PublishAsync("--messaging", "servicebus");

        // No drift in this variant either, Service Bus-only functions included.
        var handlers = FunctionCatalog.DiscoverHandlers(typeof(LifecycleHost).Assembly);
        var catalog = new FunctionCatalog(FunctionManifest.Load(root), handlers);
        Assert.Equal(handlers.Select(h => h.Name).Order(StringComparer.Ordinal), catalog.Declarations.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(root, "functions.servicebus")), "the variant folder is laid out, not shipped");

        // Exactly the files the tests run the Service Bus variant with.
        using var expected = PackageLayout.Create(PackageLayout.ServiceBus);
        var declared = catalog.Declarations.ToDictionary(d => d.Name);
        Assert.All(expected.Declarations(), d => Assert.Equal(File.ReadAllText(d.Path), File.ReadAllText(declared[d.Name].Path)));
        Assert.True(declared[nameof(CapturePurchaseEvent)].IsServiceBus);
    }

    [Fact]
    public async Task PublishScript_WithUnknownMessaging_RefusesBeforeBuilding()
    {
        var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), "--messaging", "eventhubs", Path.Combine(_work, "package.zip"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--messaging must be storage or servicebus", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "package.zip")));
    }

    /// <summary>Runs scripts/publish.sh, checks what every package needs, and returns the extracted package.</summary>
    private async Task<string> PublishAsync(params string[] options)
    {
        var zip = Path.Combine(_work, "package.zip");
        var (exitCode, output) = await RunAsync("bash", [Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), .. options, zip]);
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

        // publish.sh passes no runtime, as `azd deploy` does not: the project makes its publish self-contained.
        Assert.True(File.Exists(Path.Combine(root, "libcoreclr.so")), "The runtime \"custom\" image has no .NET: the package must carry its own (self-contained).");
        return root;
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
