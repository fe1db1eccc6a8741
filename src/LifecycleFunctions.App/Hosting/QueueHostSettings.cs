using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// host.json's extensions.queues section, with the Azure Functions app-setting overrides
/// (AzureFunctionsJobHost__extensions__queues__batchSize and so on) applied on top.
/// </summary>
public sealed record QueueHostSettings
{
    public const string OverrideSection = "AzureFunctionsJobHost:extensions:queues";

    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public bool Base64 { get; init; } = true;

    /// <summary>
    /// How long a received message stays invisible while it is processed; renewed while its function runs, so it
    /// bounds only how late a message comes back when the process dies holding it (or cannot release it during
    /// an outage). The Functions host's 10 minutes made a crash delay every in-flight message by that much.
    /// </summary>
    public TimeSpan ProcessingLease { get; init; } = TimeSpan.FromSeconds(60);

    public static QueueHostSettings Load(string hostJsonPath, IConfiguration configuration)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(hostJsonPath))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("queues", out var queues))
            {
                foreach (var property in queues.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
            }
        }

        foreach (var setting in configuration.GetSection(OverrideSection).GetChildren())
        {
            if (setting.Value is not null)
            {
                values[setting.Key] = setting.Value;
            }
        }

        var defaults = new QueueHostSettings();
        var batchSize = Int(values, "batchSize", defaults.BatchSize);
        if (batchSize is < 1 or > 32)
        {
            throw new InvalidOperationException($"host.json extensions.queues.batchSize must be between 1 and 32 (got {batchSize}).");
        }

        return new QueueHostSettings
        {
            BatchSize = batchSize,
            NewBatchThreshold = Int(values, "newBatchThreshold", batchSize / 2),
            MaxDequeueCount = Int(values, "maxDequeueCount", defaults.MaxDequeueCount),
            VisibilityTimeout = Span(values, "visibilityTimeout", defaults.VisibilityTimeout),
            MaxPollingInterval = Span(values, "maxPollingInterval", defaults.MaxPollingInterval),
            Base64 = !values.TryGetValue("messageEncoding", out var encoding) || !encoding.Equals("none", StringComparison.OrdinalIgnoreCase),
            ProcessingLease = Span(values, "processingLease", defaults.ProcessingLease),
        };
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(name, text, "a whole number")
            : fallback;

    private static TimeSpan Span(Dictionary<string, string> values, string name, TimeSpan fallback) =>
        values.TryGetValue(name, out var text)
            ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : throw Bad(name, text, "a time span such as 00:00:30")
            : fallback;

    private static InvalidOperationException Bad(string name, string value, string expected) =>
        new($"host.json extensions.queues.{name} must be {expected} (got '{value}').");
}
