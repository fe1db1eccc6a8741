using System.Text.Json;
using System.Text.Json.Serialization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Writes a string that already holds JSON as JSON rather than as an escaped string, so an event's raw payload
/// does not grow by a third on its way through a size-limited queue message.
/// Every parser produces payloads that are JSON objects; the writer still validates them.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value, skipInputValidation: false);
}
