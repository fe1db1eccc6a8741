using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// A JSON string's text. An unpaired surrogate escape ("\ud800") is valid JSON but no text, and
/// <see cref="JsonElement.GetString"/> throws on it: every read of a sender's string goes through here.
/// </summary>
public static class JsonText
{
    public const string UnicodeRule = "unicode";

    /// <returns>False when the string holds an unpaired surrogate escape; <paramref name="text"/> is then null.</returns>
    public static bool TryRead(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException) when (value.ValueKind == JsonValueKind.String)
        {
            text = null;
            return false;
        }
    }

    /// <summary>The text, or null when it is not text.</summary>
    public static string? OrNull(JsonElement value) => TryRead(value, out var text) ? text : null;
}
