namespace LifecycleFunctions.App.Hosting;

/// <summary>A function as declared in functions/{Name}/function.json: the same file the Azure Functions host reads.</summary>
public sealed record FunctionDeclaration(string Name, string Path, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger);

    public bool IsHttp => Trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsQueue => Trigger.Type.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsTimer => Trigger.Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsServiceBus => Trigger.Type.Equals("serviceBusTrigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>Triggered by one message, from a Storage queue or a Service Bus queue; handled the same way.</summary>
    public bool IsMessage => IsQueue || IsServiceBus;

    /// <summary>A Service Bus trigger or output binding: only the Functions host's extension bundle provides them.</summary>
    public bool UsesServiceBus => Bindings.Any(b => b.Type.StartsWith("serviceBus", StringComparison.OrdinalIgnoreCase));
}
