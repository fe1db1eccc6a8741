using System.Text.Json.Serialization;

namespace LifecycleFunctions.App.Hosting;

/// <summary>One binding of a function as the Worker SDK declares it to the Functions host, with the properties this app reads.</summary>
public sealed record FunctionBinding
{
    public string Type { get; init; } = string.Empty;
    public string Direction { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string? Route { get; init; }
    public IReadOnlyList<string>? Methods { get; init; }
    public string? AuthLevel { get; init; }
    public string? QueueName { get; init; }
    public string? Schedule { get; init; }
    public bool UseMonitor { get; init; }
    public bool RunOnStartup { get; init; }
    public string? Connection { get; init; }

    [JsonIgnore]
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>A function key is needed (authLevel function or admin; the SDK writes them capitalised).</summary>
    [JsonIgnore]
    public bool NeedsKey => AuthLevel is { } level
        && (level.Equals("function", StringComparison.OrdinalIgnoreCase) || level.Equals("admin", StringComparison.OrdinalIgnoreCase));
}
