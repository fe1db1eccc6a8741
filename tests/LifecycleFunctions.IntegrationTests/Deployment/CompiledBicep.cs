using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace LifecycleFunctions.IntegrationTests.Deployment;

/// <summary>
/// Builds infra/main.bicep once per test class with the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64
/// package (restored with the test project; its folder is passed in as assembly metadata "BicepCliPath").
/// </summary>
public sealed class CompiledBicep
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    public CompiledBicep()
    {
        RepositoryRoot = FindRepositoryRoot();
        MainBicep = Path.Combine(RepositoryRoot, "infra", "main.bicep");
        BicepPath = FindBicep();

        (ExitCode, Stdout, Stderr) = Run(BicepPath, RepositoryRoot, "build", MainBicep, "--stdout");
        Template = ExitCode == 0 && JsonNode.Parse(Stdout) is JsonObject template ? template : new JsonObject();
    }

    public string RepositoryRoot { get; }

    public string MainBicep { get; }

    public string BicepPath { get; }

    public int ExitCode { get; }

    /// <summary>The compiled ARM template (JSON).</summary>
    public string Stdout { get; }

    /// <summary>Bicep writes its diagnostics (errors, warnings, linter findings) here.</summary>
    public string Stderr { get; }

    public JsonObject Template { get; }

    /// <summary>Every resource in the template and in the templates of its nested deployments (the modules).</summary>
    public IEnumerable<JsonObject> AllResources() => ResourcesOf(Template);

    /// <summary>The templates of the main template and of every module, outermost first.</summary>
    public IEnumerable<JsonObject> AllTemplates() => TemplatesOf(Template);

    public JsonObject Resource(string type) =>
        Assert.Single(AllResources(), r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The nested deployment (module) of the main template with this deployment name.</summary>
    public JsonObject Module(string name) =>
        Assert.Single(
            Children(Template["resources"]),
            r => string.Equals((string?)r["type"], "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && string.Equals((string?)r["name"], name, StringComparison.Ordinal));

    private static IEnumerable<JsonObject> TemplatesOf(JsonObject template)
    {
        yield return template;
        foreach (var resource in Children(template["resources"]))
        {
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in TemplatesOf(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) =>
        TemplatesOf(template).SelectMany(t => Children(t["resources"]));

    // "resources" is an array, or an object keyed by symbolic name in languageVersion 2.0 templates.
    private static IEnumerable<JsonObject> Children(JsonNode? resources) => resources switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static string FindRepositoryRoot()
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

    private static string FindBicep()
    {
        var packageFolder = typeof(CompiledBicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepCliPath")?.Value;
        if (string.IsNullOrEmpty(packageFolder))
        {
            throw new InvalidOperationException(
                "The test assembly does not name the Bicep CLI package folder: the Azure.Bicep.CommandLine.linux-x64 package reference (GeneratePathProperty) is missing or was not restored.");
        }

        var bicep = Path.Combine(packageFolder, "tools", "bicep");
        if (!File.Exists(bicep))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {bicep}. It ships for linux-x64 only; run `dotnet restore` on a linux-x64 machine.");
        }

        // NuGet extracts the binary with whatever mode the package carried; make sure it can run.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(bicep);
            const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(bicep, mode | executable);
            }
        }

        return bicep;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {BuildTimeout}.");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
