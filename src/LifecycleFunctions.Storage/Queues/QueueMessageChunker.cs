using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Queues;

/// <summary>
/// Packs events into website-events message bodies no larger than the queue allows. Storage queue messages
/// hold 64 KiB; the default budget leaves room for the service's envelope. Bodies are gzip-compressed:
/// events of one site repeat the same keys and context, so a message carries several times more events and
/// the queue moves several times fewer bytes.
/// </summary>
public static class QueueMessageChunker
{
    public const int DefaultMaxMessageBytes = 48 * 1024;

    // Website events compress about tenfold; start from a raw budget that usually fits and halve when it does not.
    private const int CompressionHeadroom = 6;

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
        var serialized = events.Select(e => JsonSerializer.SerializeToUtf8Bytes(e, Json)).ToList();
        var chunks = new List<Chunk>();
        var rawBudget = maxMessageBytes * CompressionHeadroom;
        var start = 0;
        while (start < serialized.Count)
        {
            var end = start;
            var size = Prefix.Length + Suffix.Length;
            while (end < serialized.Count && (end == start || size + serialized[end].Length + 1 <= rawBudget))
            {
                size += serialized[end].Length + 1;
                end++;
            }

            AddCompressed(serialized, start, end, maxMessageBytes, chunks);
            start = end;
        }

        return chunks;
    }

    /// <summary>The events of a message body in any of its forms but the blob pointer.</summary>
    public static IReadOnlyList<CapturedEvent>? Unpack(WebsiteEventMessage message)
    {
        if (message.Encoding is null)
        {
            return message.Events;
        }

        if (!string.Equals(message.Encoding, WebsiteEventMessage.Gzip, StringComparison.Ordinal) || message.Data is null)
        {
            throw new JsonException($"Unknown website-events message encoding '{message.Encoding}'.");
        }

        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(message.Data);
        }
        catch (FormatException ex)
        {
            throw new JsonException("The website-events message data is not base64.", ex);
        }

        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        try
        {
            return JsonSerializer.Deserialize<WebsiteEventMessage>(gzip, Json)?.Events;
        }
        catch (InvalidDataException ex)
        {
            throw new JsonException("The website-events message data is not gzip.", ex);
        }
    }

    private static void AddCompressed(List<byte[]> serialized, int start, int end, int maxMessageBytes, List<Chunk> chunks)
    {
        var body = Envelope(Compress(serialized, start, end));
        if (body.Length <= maxMessageBytes)
        {
            chunks.Add(new Chunk(body, end - start, Oversized: false));
        }
        else if (end - start == 1)
        {
            chunks.Add(new Chunk(body, 1, Oversized: true));
        }
        else
        {
            var middle = start + ((end - start) / 2);
            AddCompressed(serialized, start, middle, maxMessageBytes, chunks);
            AddCompressed(serialized, middle, end, maxMessageBytes, chunks);
        }
    }

    private static byte[] Compress(List<byte[]> serialized, int start, int end)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Prefix);
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    gzip.WriteByte((byte)',');
                }

                gzip.Write(serialized[i]);
            }

            gzip.Write(Suffix);
        }

        return buffer.ToArray();
    }

    private static string Envelope(byte[] compressed) =>
        JsonSerializer.Serialize(new WebsiteEventMessage { Encoding = WebsiteEventMessage.Gzip, Data = Convert.ToBase64String(compressed) }, Json);

    public sealed record Chunk(string Body, int EventCount, bool Oversized);
}
