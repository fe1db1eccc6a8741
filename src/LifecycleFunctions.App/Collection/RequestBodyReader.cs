using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Collection;

/// <summary>Reads a collection request body with a hard size limit (applied after gzip decompression, as Segment does).</summary>
public static class RequestBodyReader
{
    /// <summary>
    /// JSON; text/plain for navigator.sendBeacon, which cannot set a JSON content type without a CORS preflight;
    /// and application/x-www-form-urlencoded, which RudderStack's Node.js library (3.x) sends its gzipped JSON
    /// batches as. The body is read as JSON whatever the label: one that is not gets 400 malformed-json.
    /// </summary>
    public static bool IsSupportedContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is null)
        {
            return false;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
               || media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
               || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The body, or null when it exceeds <paramref name="limit"/> bytes. A gzip body is decompressed when it says so
    /// (Content-Encoding) and also when it does not but starts with the gzip magic bytes, which JSON never does:
    /// a proxy in front (the Functions host among them) may drop the header and pass the bytes on.
    /// </summary>
    /// <exception cref="InvalidDataException">The body claims or looks like gzip but is not valid gzip.</exception>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            return await CopyAsync(gzip, limit, 4096, cancellationToken);
        }

        if (request.ContentLength > limit)
        {
            return null;
        }

        var raw = await CopyAsync(request.Body, limit, request.ContentLength is > 0 and var n ? (int)n : 4096, cancellationToken);
        if (raw is not [0x1f, 0x8b, ..])
        {
            return raw;
        }

        await using var sniffed = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        return await CopyAsync(sniffed, limit, 4096, cancellationToken);
    }

    private static async Task<byte[]?> CopyAsync(Stream source, int limit, int capacity, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(Math.Min(capacity, limit));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
