using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// JSON leaves an object with a key twice to the reader: System.Text.Json and Segment's API take the last, other
/// readers the first. The stored payload keeps both, so what this app counted and what a later reader of the
/// payload sees could differ; such an event is refused, at any depth, naming the key's path.
/// </summary>
public static class DuplicateKeys
{
    public const string Rule = "duplicate-key";

    /// <summary>Every duplicate key in <paramref name="element"/> and below, one error per duplicated path.</summary>
    public static void Check(JsonElement element, JsonFieldReader reader, string path = "") => Walk(element, reader, path, skip: null);

    /// <summary>
    /// A batch envelope: its own keys and everything below them except the items of <paramref name="itemsProperty"/>,
    /// which are checked as events, each on its own.
    /// </summary>
    public static void CheckEnvelope(JsonElement root, JsonFieldReader reader, string itemsProperty) => Walk(root, reader, string.Empty, itemsProperty);

    private static void Walk(JsonElement element, JsonFieldReader reader, string path, string? skip)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var reported = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = NameOf(property);
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    if (!seen.Add(name) && reported.Add(name))
                    {
                        reader.Fail(child, Rule, $"'{child}' appears more than once in one object; which one counts would be up to the reader, so the event is refused: send each key once.");
                    }

                    if (skip is null || name != skip)
                    {
                        Walk(property.Value, reader, child, skip: null);
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, reader, $"{path}[{index}]", skip: null);
                    index++;
                }

                break;
        }
    }

    /// <summary>The key's text; a key holding an unpaired surrogate escape is not text, and is compared as it was sent.</summary>
    private static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            var raw = property.ToString();
            var end = 1;
            while (end < raw.Length && raw[end] != '"')
            {
                end += raw[end] == '\\' ? 2 : 1;
            }

            return raw[..Math.Min(end + 1, raw.Length)];
        }
    }
}
