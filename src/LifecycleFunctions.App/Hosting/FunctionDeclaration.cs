namespace LifecycleFunctions.App.Hosting;

/// <summary>A function as declared in functions/{Name}/function.json: the same file the Azure Functions host reads.</summary>
public sealed record FunctionDeclaration(string Name, string Path, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger);

    public bool IsHttp => Trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsQueue => Trigger.Type.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsTimer => Trigger.Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);
}
