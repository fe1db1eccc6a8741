using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>Where each item of a top-level array property lies in a JSON text, so each can be judged on its own bytes.</summary>
public static class JsonArrayItems
{
    /// <returns>
    /// The (start, length) of each item of the root object's <paramref name="property"/> array, in order; null when
    /// the text is not a JSON object or has no such array (the caller's JSON parse says why).
    /// </returns>
    public static IReadOnlyList<(int Start, int Length)>? Find(ReadOnlySpan<byte> json, string property)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            List<(int, int)>? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isItems = reader.ValueTextEquals(property);
                reader.Read();
                if (isItems && reader.TokenType == JsonTokenType.StartArray)
                {
                    // The last one, as JsonDocument reads a duplicated key (which the envelope check refuses anyway).
                    found = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        found.Add((start, (int)reader.BytesConsumed - start));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return found;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
