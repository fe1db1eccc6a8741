using System.Text;
using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Queues;

/// <summary>
/// Packs events into website-events message bodies no larger than the queue allows. Storage queue messages
/// hold 64 KiB; the default budget leaves room for the service's XML envelope and escaping.
/// </summary>
public static class QueueMessageChunker
{
    public const int DefaultMaxMessageBytes = 48 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"events\":[");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("]}");

    /// <summary>Message bodies in order; <see cref="Chunk.Oversized"/> marks a body that must travel through Blob.</summary>
    public static IReadOnlyList<Chunk> Pack(IReadOnlyList<CapturedEvent> events, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        var chunks = new List<Chunk>();
        var current = new List<byte[]>();
        var currentSize = Prefix.Length + Suffix.Length;

        foreach (var e in events)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(e, Json);
            var added = bytes.Length + (current.Count > 0 ? 1 : 0);
            if (current.Count > 0 && currentSize + added > maxMessageBytes)
            {
                chunks.Add(Build(current, maxMessageBytes));
                current.Clear();
                currentSize = Prefix.Length + Suffix.Length;
                added = bytes.Length;
            }

            current.Add(bytes);
            currentSize += added;
        }

        if (current.Count > 0)
        {
            chunks.Add(Build(current, maxMessageBytes));
        }

        return chunks;
    }

    private static Chunk Build(List<byte[]> events, int maxMessageBytes)
    {
        using var stream = new MemoryStream();
        stream.Write(Prefix);
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                stream.WriteByte((byte)',');
            }

            stream.Write(events[i]);
        }

        stream.Write(Suffix);
        var body = Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        return new Chunk(body, events.Count, stream.Length > maxMessageBytes);
    }

    public sealed record Chunk(string Body, int EventCount, bool Oversized);
}
