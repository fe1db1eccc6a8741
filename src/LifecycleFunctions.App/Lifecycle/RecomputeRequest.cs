using System.Globalization;
using System.Text.Json;

namespace LifecycleFunctions.App.Lifecycle;

/// <summary>The recompute-requests message: recompute as of a day (null: today).</summary>
public sealed record RecomputeRequest(DateOnly? AsOf)
{
    public string ToJson() => JsonSerializer.Serialize(new { asOf = AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    public static RecomputeRequest Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("asOf", out var asOf) && asOf.ValueKind == JsonValueKind.String
            ? new RecomputeRequest(DateOnly.ParseExact(asOf.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            : new RecomputeRequest((DateOnly?)null);
    }
}
