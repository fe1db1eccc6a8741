using System.Reflection;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// A function as the Worker SDK declares it (the generated metadata the Functions host also reads, as
/// functions.metadata): its name, the method it runs, and its bindings.
/// </summary>
public sealed record FunctionDeclaration(string Name, MethodInfo Method, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger);

    public bool IsHttp => Trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsQueue => Trigger.Type.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsTimer => Trigger.Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>The class whose method the function runs.</summary>
    public Type Handler => Method.DeclaringType!;
}
