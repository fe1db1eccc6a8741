using System.Text.Json.Serialization;

namespace LifecycleFunctions.App.Hosting;

/// <summary>One binding of a function.json, with the properties this app reads.</summary>
public sealed record FunctionBinding
{
    public string Type { get; init; } = string.Empty;
    public string Direction { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string? Route { get; init; }
    public IReadOnlyList<string>? Methods { get; init; }
    public string? AuthLevel { get; init; }
    public string? QueueName { get; init; }
    public string? TopicName { get; init; }
    public string? Schedule { get; init; }
    public string? Connection { get; init; }

    [JsonIgnore]
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);
}
