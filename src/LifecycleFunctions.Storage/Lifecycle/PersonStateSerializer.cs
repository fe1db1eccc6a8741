using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// A person's state as a table property: JSON text while it fits a string property (32K characters), gzip
/// bytes beyond that (a binary property holds 64 KiB; a heavy buyer's order list compresses well).
/// </summary>
public static class PersonStateSerializer
{
    private const int MaxTextChars = 30_000;

    public static void Write(TableEntity entity, PersonState state) => Write(entity, PersonStateJson.Serialize(state));

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
            return PersonStateJson.Deserialize(json);
        }

        if (entity.GetBinary("StateGz") is { } compressed)
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return PersonStateJson.Deserialize(reader.ReadToEnd());
        }

        throw new InvalidOperationException($"Person state row {entity.PartitionKey}/{entity.RowKey} holds no state.");
    }
}
