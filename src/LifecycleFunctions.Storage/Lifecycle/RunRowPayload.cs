using Azure.Data.Tables;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Bytes kept in a recomputesteps row: binary properties hold at most 64 KiB each, so a payload is cut into
/// "Data0", "Data1", … with its length in "Bytes". Past <see cref="MaxInlineBytes"/> it goes to a blob named in
/// <see cref="BlobProperty"/> instead, well inside an entity's 1 MiB.
/// </summary>
public static class RunRowPayload
{
    public const int ChunkBytes = 64 * 1024;
    public const int MaxChunks = 8;
    public const int MaxInlineBytes = ChunkBytes * MaxChunks;
    public const string BlobProperty = "Blob";
    public const string BlobFolder = "runs/";

    private const string LengthProperty = "Bytes";
    private const string ChunkPrefix = "Data";

    public static string BlobName(string runId, string rowKey) => $"{BlobFolder}{runId}/{rowKey}.json.gz";

    public static void Write(TableEntity entity, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > MaxInlineBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"A row holds at most {MaxInlineBytes} bytes inline.");
        }

        entity[LengthProperty] = payload.Length;
        for (var (offset, index) = (0, 0); offset < payload.Length; offset += ChunkBytes, index++)
        {
            entity[ChunkPrefix + index] = payload.Slice(offset, Math.Min(ChunkBytes, payload.Length - offset)).ToArray();
        }
    }

    public static byte[] Read(TableEntity entity)
    {
        var length = entity.GetInt32(LengthProperty) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds neither a payload nor a blob name.");
        var payload = new byte[length];
        for (var (offset, index) = (0, 0); offset < length; index++)
        {
            var chunk = entity.GetBinary(ChunkPrefix + index) is { Length: > 0 } bytes && bytes.Length <= length - offset
                ? bytes
                : throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} lacks {ChunkPrefix}{index} of its {length} bytes.");
            chunk.CopyTo(payload, offset);
            offset += chunk.Length;
        }

        return payload;
    }
}
