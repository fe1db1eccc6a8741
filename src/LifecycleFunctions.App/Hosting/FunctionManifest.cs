using System.Text.Json;

namespace LifecycleFunctions.App.Hosting;

/// <summary>Reads every functions/*/function.json beside the executable.</summary>
public static class FunctionManifest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string DefaultRoot => AppContext.BaseDirectory;

    /// <summary>
    /// Reads functions/*/function.json (the build output) or, in a deployment package, */function.json beside
    /// host.json, where the Functions host looks for them.
    /// </summary>
    public static IReadOnlyList<FunctionDeclaration> Load(string root)
    {
        var folder = Path.Combine(root, "functions");
        if (!Directory.Exists(folder))
        {
            folder = root;
        }

        var declarations = Directory.GetDirectories(folder)
            .Select(dir => Path.Combine(dir, "function.json"))
            .Where(File.Exists)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(Read)
            .ToList();
        return declarations.Count > 0
            ? declarations
            : throw new InvalidOperationException($"No function declarations found under '{root}' (functions/<Name>/function.json or <Name>/function.json).");
    }

    private static FunctionDeclaration Read(string path)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(path))!;
        using var stream = File.OpenRead(path);
        var document = JsonSerializer.Deserialize<FunctionJson>(stream, Json)
                       ?? throw new InvalidOperationException($"{path} is empty.");
        var bindings = document.Bindings ?? [];
        var triggers = bindings.Count(b => b.IsTrigger);
        if (triggers != 1)
        {
            throw new InvalidOperationException($"{path} must declare exactly one trigger binding; it declares {triggers}.");
        }

        return new FunctionDeclaration(name, path, bindings);
    }

    private sealed record FunctionJson(IReadOnlyList<FunctionBinding>? Bindings);
}
