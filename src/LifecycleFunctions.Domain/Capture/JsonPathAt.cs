using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>The field a byte of a JSON text belongs to, named as the rules name fields ("properties.products[1].name").</summary>
public static class JsonPathAt
{
    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
    }

    /// <returns>
    /// The path of the value holding <paramref name="offset"/> ("" for the root), or of the object whose key holds
    /// it (<c>InKey</c>); a null path when the offset is in no token or the text is not JSON.
    /// </returns>
    public static (string? Path, bool InKey) Find(ReadOnlySpan<byte> json, int offset)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var open = new Stack<Container>();
        string? name = null;
        try
        {
            while (reader.Read())
            {
                var holds = offset >= reader.TokenStartIndex && offset < reader.BytesConsumed;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (holds)
                        {
                            return (open.Count == 0 ? string.Empty : open.Peek().Path, true);
                        }

                        name = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        open.Push(new Container(Next(open, name), reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    default:
                        var path = Next(open, name);
                        if (holds)
                        {
                            return (path, false);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: no field to name.
        }

        return (null, false);
    }

    /// <summary>The path of the next value inside the innermost open container (counting it, in an array).</summary>
    private static string Next(Stack<Container> open, string? name)
    {
        if (open.Count == 0)
        {
            return string.Empty;
        }

        var parent = open.Peek();
        if (parent.IsArray)
        {
            return $"{parent.Path}[{parent.Index++}]";
        }

        return parent.Path.Length == 0 ? name ?? string.Empty : $"{parent.Path}.{name}";
    }
}
