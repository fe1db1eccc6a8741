using LifecycleFunctions.App.Hosting;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// The deployment package's declarations without building the package: host.json and every
/// &lt;Name&gt;/function.json in a temporary folder, as scripts/publish.sh lays them out from the build output
/// (functions/, then functions.servicebus/ over it for Service Bus). PublishPackageTests checks the script
/// against this.
/// </summary>
public sealed class PackageLayout : IDisposable
{
    public const string Storage = "storage";
    public const string ServiceBus = "servicebus";

    private PackageLayout(string root) => Root = root;

    public string Root { get; }

    public static PackageLayout Create(string messaging)
    {
        var build = FunctionManifest.DefaultRoot;
        var root = Directory.CreateTempSubdirectory("lifecycle-layout-").FullName;
        File.Copy(Path.Combine(build, "host.json"), Path.Combine(root, "host.json"));
        var folders = messaging switch
        {
            Storage => new[] { "functions" },
            ServiceBus => ["functions", "functions.servicebus"],
            _ => throw new ArgumentOutOfRangeException(nameof(messaging), messaging, "storage or servicebus"),
        };
        foreach (var declaration in folders.SelectMany(f => Directory.GetFiles(Path.Combine(build, f), "function.json", SearchOption.AllDirectories)))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, Path.GetFileName(Path.GetDirectoryName(declaration))!));
            File.Copy(declaration, Path.Combine(folder.FullName, "function.json"), overwrite: true);
        }

        return new PackageLayout(root);
    }

    public IReadOnlyList<FunctionDeclaration> Declarations() => FunctionManifest.Load(Root);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
