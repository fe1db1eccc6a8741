using System.Reflection;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Pairs each declaration with the class that handles it, by name, and refuses to start when they drift apart:
/// a declaration without a handler would be a trigger the host fires into nothing, a handler without a
/// declaration code that never runs in Azure.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(IReadOnlyList<FunctionDeclaration> declarations, IReadOnlyList<Type> handlers)
    {
        var declared = declarations.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var implemented = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

        var undeclared = implemented.Keys.Except(declared.Keys).Order(StringComparer.Ordinal).ToList();
        var unhandled = declared.Keys.Except(implemented.Keys).Order(StringComparer.Ordinal).ToList();
        if (undeclared.Count > 0 || unhandled.Count > 0)
        {
            throw new InvalidOperationException(
                "Function declarations and handlers do not match." +
                (unhandled.Count > 0 ? $" Declared without a handler class: {string.Join(", ", unhandled)}." : string.Empty) +
                (undeclared.Count > 0 ? $" Handler classes without functions/<Name>/function.json: {string.Join(", ", undeclared)}." : string.Empty));
        }

        foreach (var declaration in declarations)
        {
            var handler = implemented[declaration.Name];
            Type[] expected = declaration.IsHttp ? [typeof(IHttpFunction)]
                : declaration.IsMessage ? [typeof(IQueueFunction)]
                : declaration.IsTimer ? [typeof(ITimerFunction)]
                : [];
            if (expected.Length > 0 && !expected.Any(e => e.IsAssignableFrom(handler)))
            {
                throw new InvalidOperationException($"{declaration.Name} is declared with a {declaration.Trigger.Type} but {handler.Name} does not implement {string.Join(" or ", expected.Select(e => e.Name))}.");
            }

            // The Functions host forwards a request to a custom handler as it came only when the function has
            // exactly an httpTrigger in and an http out; any other binding turns it into an invocation payload
            // on POST /<name>, which this app does not answer for HTTP functions.
            if (declaration.IsHttp && declaration.Bindings.Count(b => !IsHttpPair(b)) is > 0 and var others)
            {
                throw new InvalidOperationException($"{declaration.Name} is an HTTP function with {others} binding(s) besides httpTrigger and http out; the Functions host would not forward its requests to the app as they are. Write to queues from the handler instead.");
            }
        }

        Declarations = declarations;
        Handlers = implemented;
    }

    private static bool IsHttpPair(FunctionBinding binding) =>
        (binding.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase) && binding.Direction.Equals("in", StringComparison.OrdinalIgnoreCase))
        || (binding.Type.Equals("http", StringComparison.OrdinalIgnoreCase) && binding.Direction.Equals("out", StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<FunctionDeclaration> Declarations { get; }
    public IReadOnlyDictionary<string, Type> Handlers { get; }

    public IEnumerable<FunctionDeclaration> Http => Declarations.Where(d => d.IsHttp);
    public IEnumerable<FunctionDeclaration> Queue => Declarations.Where(d => d.IsQueue);
    public IEnumerable<FunctionDeclaration> Messages => Declarations.Where(d => d.IsMessage);
    public IEnumerable<FunctionDeclaration> Timer => Declarations.Where(d => d.IsTimer);

    private static readonly Type[] Contracts = [typeof(IHttpFunction), typeof(IQueueFunction), typeof(ITimerFunction)];

    public static Type ContractOf(Type handler) => Contracts.First(c => c.IsAssignableFrom(handler));

    /// <summary>Every function class of the app: the concrete types implementing a function interface.</summary>
    public static IReadOnlyList<Type> DiscoverHandlers(Assembly assembly) => assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && Contracts.Any(c => c.IsAssignableFrom(t)))
        .ToList();
}
