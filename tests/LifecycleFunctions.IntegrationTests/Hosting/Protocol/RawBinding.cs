using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// One binding of a function as the worker declared it (<c>raw_bindings</c>: the functions.metadata JSON). The host
/// reads these, not <c>bindings</c>, for what the worker left out there, such as <c>supportsDeferredBinding</c>.
/// </summary>
public sealed record RawBinding(string Name, string Type, string Direction, JsonElement Json)
{
    public static IReadOnlyList<RawBinding> Of(RpcFunctionMetadata function) =>
        function.RawBindings.Select(Parse).ToList();

    public static RawBinding Trigger(RpcFunctionMetadata function) =>
        Of(function).SingleOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"Function {function.Name} declares no trigger.");

    /// <summary>The worker binds an SDK type (e.g. <c>QueueMessage</c>) itself and asks the host for model binding data.</summary>
    public bool SupportsDeferredBinding =>
        Json.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("supportsDeferredBinding", out var deferred)
        && string.Equals(deferred.GetString(), "true", StringComparison.OrdinalIgnoreCase);

    public string? Text(string property) => Json.TryGetProperty(property, out var value) ? value.ToString() : null;

    private static RawBinding Parse(string json)
    {
        var binding = JsonDocument.Parse(json).RootElement.Clone();
        string Property(string name) => binding.GetProperty(name).GetString()!;
        return new RawBinding(Property("name"), Property("type"), Property("direction"), binding);
    }
}
