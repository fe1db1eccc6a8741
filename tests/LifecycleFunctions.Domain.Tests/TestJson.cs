using System.Text.Json;

namespace LifecycleFunctions.Domain.Tests;

/// <summary>Parses JSON text for tests into an element that outlives its document.</summary>
internal static class TestJson
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static bool AreEquivalent(string expected, string actual) =>
        JsonElement.DeepEquals(Parse(expected), Parse(actual));
}
