using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Every function of the app, read from the metadata the Worker SDK generates from the [Function] attributes: the same
/// declarations the Functions host is given (as functions.metadata, or by the worker at start), so what the standalone host
/// serves is what Azure is told. Refuses a declaration the standalone host could not serve as the Functions host would.
/// </summary>
public sealed class FunctionCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Triggers = ["httpTrigger", "queueTrigger", "timerTrigger"];

    public FunctionCatalog(IEnumerable<IFunctionMetadata> metadata, Assembly assembly)
    {
        var declarations = new List<FunctionDeclaration>();
        foreach (var function in metadata.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var name = function.Name ?? throw new InvalidOperationException("A function in the generated metadata has no name.");
            var bindings = (function.RawBindings ?? [])
                .Select(raw => JsonSerializer.Deserialize<FunctionBinding>(raw, Json)
                    ?? throw new InvalidOperationException($"{name}: an empty binding."))
                .ToList();
            var triggers = bindings.Where(b => b.IsTrigger).ToList();
            if (triggers.Count != 1)
            {
                throw new InvalidOperationException($"{name} must declare exactly one trigger; it declares {triggers.Count}.");
            }

            if (!Triggers.Contains(triggers[0].Type, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"{name} has a {triggers[0].Type}, which the standalone host does not serve (it serves {string.Join(", ", Triggers)}).");
            }

            declarations.Add(new FunctionDeclaration(name, ResolveEntryPoint(name, function.EntryPoint, assembly), bindings));
        }

        Declarations = declarations.Count > 0
            ? declarations
            : throw new InvalidOperationException("The generated function metadata lists no function.");
    }

    /// <summary>
    /// The app's own functions, from the metadata provider the Worker SDK generated into this assembly. Built once: the
    /// declarations are fixed at build time, and both the host's wiring and its services ask for them.
    /// </summary>
    public static FunctionCatalog Load() => App.Value;

    private static readonly Lazy<FunctionCatalog> App = new(() =>
    {
        ImmutableArray<IFunctionMetadata> metadata = new GeneratedFunctionMetadataProvider()
            .GetFunctionMetadataAsync(AppContext.BaseDirectory).GetAwaiter().GetResult();
        return new FunctionCatalog(metadata, typeof(FunctionCatalog).Assembly);
    });

    public IReadOnlyList<FunctionDeclaration> Declarations { get; }

    public IEnumerable<FunctionDeclaration> Http => Declarations.Where(d => d.IsHttp);
    public IEnumerable<FunctionDeclaration> Queue => Declarations.Where(d => d.IsQueue);
    public IEnumerable<FunctionDeclaration> Timer => Declarations.Where(d => d.IsTimer);

    public FunctionDeclaration this[string name] => Declarations.Single(d => d.Name == name);

    /// <summary>"Namespace.Type.Method", as the SDK writes entryPoint.</summary>
    private static MethodInfo ResolveEntryPoint(string name, string? entryPoint, Assembly assembly)
    {
        var split = entryPoint?.LastIndexOf('.') ?? -1;
        var type = split > 0 ? assembly.GetType(entryPoint![..split]) : null;
        var methods = type?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == entryPoint![(split + 1)..]).ToList();
        return methods is [var method]
            ? method
            : throw new InvalidOperationException($"{name}: its entry point '{entryPoint}' is not one public method of {assembly.GetName().Name}.");
    }
}
