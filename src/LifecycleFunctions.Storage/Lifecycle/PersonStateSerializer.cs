using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// A person's state as a table property: JSON text while it fits a string property (32K characters), gzip
/// bytes beyond that (a binary property holds 64 KiB; a heavy buyer's order list compresses well).
/// </summary>
public static class PersonStateSerializer
{
    private const int MaxTextChars = 30_000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(PersonState state) => JsonSerializer.Serialize(state, Json);

    public static void Write(TableEntity entity, PersonState state) => Write(entity, Serialize(state));

    public static void Write(TableEntity entity, string json)
    {
        if (json.Length <= MaxTextChars)
        {
            entity["State"] = json;
            entity["StateGz"] = null;
            return;
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        entity["State"] = null;
        entity["StateGz"] = buffer.ToArray();
    }

    public static PersonState Read(TableEntity entity)
    {
        if (entity.GetString("State") is { } json)
        {
            return Deserialize(json);
        }

        if (entity.GetBinary("StateGz") is { } compressed)
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return Deserialize(reader.ReadToEnd());
        }

        throw new InvalidOperationException($"Person state row {entity.PartitionKey}/{entity.RowKey} holds no state.");
    }

    private static PersonState Deserialize(string json) =>
        JsonSerializer.Deserialize<PersonState>(json, Json) ?? throw new JsonException("Empty person state.");
}
