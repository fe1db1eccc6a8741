using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using LifecycleFunctions.App.Hosting;

namespace LifecycleFunctions.IntegrationTests.Deployment;

/// <summary>
/// scripts/publish.sh (the project's own `dotnet publish`, as `azd deploy` runs it, zipped) builds the package the Functions
/// host runs: an isolated worker with the files the host reads to start it and to know its functions.
/// </summary>
public sealed class PublishPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("lifecycle-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task PublishScript_BuildsAnIsolatedWorkerPackageWithEverythingTheHostReads()
    {
        var root = await PublishAsync();

        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "lifecycle.dll" })
        {
            Assert.True(File.Exists(Path.Combine(root, file)), $"The package lacks {file}.");
        }

        Assert.True(Directory.EnumerateFiles(Path.Combine(root, ".azurefunctions"), "*.dll").Any(), "The package lacks the host's extensions in .azurefunctions/.");
        using var worker = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "worker.config.json")));
        var description = worker.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        // Framework-dependent, as the dotnet-isolated runtime expects: `dotnet lifecycle.dll`, not a self-contained executable.
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("lifecycle.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.False(File.Exists(Path.Combine(root, "libcoreclr.so")), "The package carries its own runtime; the dotnet-isolated image has one.");

        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "host.json")));
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _), "host.json still declares a custom handler.");
        Assert.False(host.RootElement.TryGetProperty("extensionBundle", out _), "An isolated worker brings its extensions; a bundle would load others.");
    }

    /// <summary>No drift: the functions.metadata the host reads declares each function as the standalone host serves it.</summary>
    [Fact]
    public async Task PublishScript_DeclaresEveryFunctionWithTheTriggerTheStandaloneHostServes()
    {
        var root = await PublishAsync();

        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "functions.metadata")));
        var published = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => Trigger(f));
        var served = FunctionCatalog.Load().Declarations.ToDictionary(d => d.Name, d => d.Trigger);

        Assert.Equal(served.Keys.Order(StringComparer.Ordinal), published.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, trigger) in served)
        {
            var declared = published[name];
            Assert.Equal(trigger.Type, declared.GetProperty("type").GetString());
            Assert.Equal(trigger.Route, Optional(declared, "route"));
            Assert.Equal(trigger.QueueName, Optional(declared, "queueName"));
            Assert.Equal(trigger.Schedule, Optional(declared, "schedule"));
            Assert.Equal(trigger.AuthLevel, Optional(declared, "authLevel"));
            Assert.Equal(trigger.Methods, declared.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!).ToList() : null);
        }

        Assert.Equal(["ad-events", "purchase-events", "recompute-requests", "recompute-shards", "stage-changes", "website-events"],
            served.Values.Where(t => t.QueueName is not null).Select(t => t.QueueName!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublishScript_WithUnknownOption_RefusesBeforeBuilding()
    {
        var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), "--messaging", "servicebus", Path.Combine(_work, "package.zip"));

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown option: --messaging", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "package.zip")));
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static string? Optional(JsonElement binding, string name) => binding.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string? _package;
    private static readonly SemaphoreSlim PublishOnce = new(1, 1);

    /// <summary>Runs scripts/publish.sh once for the class (a publish takes a while) and returns the extracted package.</summary>
    private static async Task<string> PublishAsync()
    {
        await PublishOnce.WaitAsync();
        try
        {
            if (_package is not null)
            {
                return _package;
            }

            var work = Directory.CreateTempSubdirectory("lifecycle-publish-").FullName;
            var zip = Path.Combine(work, "package.zip");
            var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), zip);
            Assert.True(exitCode == 0, output);
            var root = Path.Combine(work, "package");
            ZipFile.ExtractToDirectory(zip, root);
            return _package = root;
        }
        finally
        {
            PublishOnce.Release();
        }
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
