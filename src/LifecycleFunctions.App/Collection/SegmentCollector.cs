using System.Text.Json;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using LifecycleFunctions.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Collection;

/// <summary>
/// The Segment HTTP Tracking API: checks content type, write key, size limits and every event, then hands the
/// valid events to the website-events queue. A 2xx is only answered once they are durably queued.
/// </summary>
public sealed class SegmentCollector(WriteKeyAuthenticator authenticator, WebsiteEventQueue queue, FailedEventStore failures, TimeProvider time, ILogger<SegmentCollector> logger)
{
    /// <summary>The failed-events partition of batch items rejected over HTTP (Segment's libraries ignore a 200's body).</summary>
    public const string RejectedBatchItems = "v1-batch";

    private static readonly HashSet<string> BatchCalls = new(["batch", "import", "b"], StringComparer.OrdinalIgnoreCase);
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    public async Task<IResult> CollectAsync(HttpContext context, string call)
    {
        var request = context.Request;
        var isBatch = BatchCalls.Contains(call);
        string? callType = null;
        if (!isBatch && !SegmentCall.TryResolve(call, out callType))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown-call", "Unknown Segment call",
                $"'/v1/{call}' is not a Segment call; use /v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias or /v1/batch.");
        }

        var receivedAt = time.GetUtcNow();
        if (!RequestBodyReader.IsSupportedContentType(request.ContentType))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported content type",
                $"Content-Type '{request.ContentType ?? "(none)"}' is not accepted; send application/json (text/plain, as navigator.sendBeacon does, and application/x-www-form-urlencoded, as RudderStack's Node.js library does, are read as JSON too).");
        }

        var (headerKey, headerError) = WriteKeyAuthenticator.FromHeader(request.Headers.Authorization);
        if (headerError is not null)
        {
            return Unauthorized(headerError);
        }

        if (headerKey is not null && !authenticator.IsKnown(headerKey))
        {
            return Unauthorized("The write key is not known here.");
        }

        var limit = isBatch ? SegmentLimits.MaxRequestBytes : SegmentLimits.MaxEventBytes;
        byte[]? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(request, limit, context.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "malformed-gzip", "Malformed gzip body",
                $"The body is sent as gzip (Content-Encoding: gzip, or its first bytes) but does not decompress: {ex.Message} Send valid gzip, or plain JSON without the header.");
        }
        catch (Exception ex) when (BodyReadProblem.From(ex, context.RequestAborted) is { } problem)
        {
            // Once, without the stack: a slow or cut-off sender is no fault of the app's.
            logger.LogInformation("The body of {Method} {Path} did not arrive whole, answered {Status} {ProblemType}: {Reason}",
                request.Method, request.Path.Value, problem.Status, problem.Type, ex.Message);
            return problem.ToResult();
        }

        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, isBatch ? "request-too-large" : "event-too-large", "Payload too large",
                isBatch
                    ? $"A batch request may carry at most {SegmentLimits.MaxRequestBytes:N0} bytes (500 KB); split it into smaller batches."
                    : $"An event may be at most {SegmentLimits.MaxEventBytes:N0} bytes (32 KB).");
        }

        if (body.Length == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "malformed-json", "Empty body", "The request body is empty; send the event as a JSON object.");
        }

        // A batch item that is not UTF-8 is refused alone (CollectBatchAsync); the masked body parses all the same.
        var utf8 = Utf8Body.Inspect(body);
        if (!utf8.IsValid && !isBatch)
        {
            return NotUtf8(utf8.ErrorAt(utf8.InvalidOffsets[0], 0, body.Length, "The body"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.Masked, JsonOptions);
        }
        catch (JsonException) when (!utf8.IsValid)
        {
            // A byte that is not UTF-8 outside any string: not JSON either, and the byte is the clearer answer.
            return NotUtf8(utf8.ErrorAt(utf8.InvalidOffsets[0], 0, body.Length, "The body"));
        }
        catch (JsonException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "malformed-json", "Malformed JSON",
                $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "malformed-json", "Not a JSON object",
                    $"The body must be a JSON object, not {JsonFieldReader.Describe(root.ValueKind)}.");
            }

            if (headerKey is null)
            {
                var bodyKey = JsonFieldReader.TryGet(root, "writeKey", out var k) && k.ValueKind == JsonValueKind.String ? JsonText.OrNull(k) : null;
                if (string.IsNullOrEmpty(bodyKey))
                {
                    return Unauthorized("A write key is required: send it as the HTTP Basic user name (empty password) or as 'writeKey' in the body.");
                }

                if (!authenticator.IsKnown(bodyKey))
                {
                    return Unauthorized("The write key is not known here.");
                }
            }

            // Storage gets a budget of its own, from here: the time the body took to arrive is the sender's.
            var storage = StorageDeadline.Start(context);
            return isBatch
                ? await CollectBatchAsync(root, utf8, receivedAt, storage)
                : await CollectOneAsync(root, callType!, receivedAt, storage);
        }
    }

    private async Task<IResult> CollectOneAsync(JsonElement root, string callType, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var parsed = SegmentEventParser.Parse(root, callType, receivedAt, SegmentBatchDefaults.None);
        if (!parsed.IsValid)
        {
            return Problems.InvalidEvent(parsed.Errors);
        }

        return await EnqueueAsync([parsed.Event!], () => Results.Ok(new { success = true }), cancellationToken);
    }

    private async Task<IResult> CollectBatchAsync(JsonElement root, Utf8Body utf8, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var reader = new JsonFieldReader();
        DuplicateKeys.CheckEnvelope(root, reader, "batch");
        var batch = reader.OptionalArray(root, "batch");
        var sentAt = reader.OptionalTimestamp(root, "sentAt");
        var context = reader.OptionalObject(root, "context");
        if (!reader.HasErrors && batch.ValueKind != JsonValueKind.Array)
        {
            reader.Fail("batch", "required", "A batch request needs 'batch': an array of events.");
        }

        if (reader.HasErrors)
        {
            return Problems.InvalidEvent(reader.Errors);
        }

        var count = batch.GetArrayLength();
        if (count > SegmentLimits.MaxBatchEvents)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "too-many-events", "Too many events",
                $"The batch holds {count:N0} events; the limit is {SegmentLimits.MaxBatchEvents:N0} per request.");
        }

        if (count == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "empty-batch", "Empty batch", "'batch' holds no events.");
        }

        var undecodable = new Dictionary<int, UndecodableItem>();
        if (!utf8.IsValid)
        {
            var items = JsonArrayItems.Find(utf8.Masked, "batch") ?? [];
            if (utf8.FirstInvalidOutside(items) is var outside and >= 0)
            {
                return NotUtf8(utf8.ErrorAt(outside, 0, utf8.Masked.Length, "The body"));
            }

            for (var i = 0; i < items.Count; i++)
            {
                var (start, length) = items[i];
                if (utf8.FirstInvalidIn(start, length) is var offset and >= 0)
                {
                    undecodable[i] = new UndecodableItem(utf8.Original(start, length), utf8.ErrorAt(offset, start, length, $"batch[{i}]"));
                }
            }
        }

        // A queue write that fails throws: HttpStorageGuard answers 503 storage-unavailable.
        var outcome = await CaptureBatchAsync(batch, new SegmentBatchDefaults(sentAt, context), receivedAt, cancellationToken, undecodable);
        return outcome.Accepted == 0
            ? Problems.InvalidBatch(outcome.Rejected)
            : Results.Ok(new { success = true, accepted = outcome.Accepted, rejected = outcome.Rejected });
    }

    /// <summary>
    /// The batch path behind /v1/batch once the request is taken apart: validates each event, keeps each rejected
    /// one in failedevents with its reason, and queues the valid ones. `lifecycle replay-failed` sends rejected
    /// events through here again. A queue write that fails throws, and nothing of the batch is accepted.
    /// </summary>
    /// <param name="undecodable">The items, by index, whose bytes are not UTF-8: refused and kept as sent, not parsed.</param>
    public async Task<SegmentBatchOutcome> CaptureBatchAsync(JsonElement batch, SegmentBatchDefaults defaults, DateTimeOffset receivedAt, CancellationToken cancellationToken, IReadOnlyDictionary<int, UndecodableItem>? undecodable = null)
    {
        var accepted = new List<CapturedEvent>(batch.GetArrayLength());
        var rejected = new List<RejectedEvent>();
        var failed = new List<(string MessageId, string Raw, string Reason, byte[]? Bytes)>();
        var index = 0;
        foreach (var item in batch.EnumerateArray())
        {
            if (undecodable is not null && undecodable.TryGetValue(index, out var bad))
            {
                rejected.Add(new RejectedEvent(index, [Problems.ToJson(bad.Error)]));
                // Its messageId may be the bytes at fault: keyed by its content, so a resent batch records it once.
                failed.Add((ContentId.Of("item-", Convert.ToBase64String(bad.Raw)), string.Empty, $"batch[{index}] {EventParseResult.Invalid([bad.Error]).Describe()}", bad.Raw));
                index++;
                continue;
            }

            var parsed = SegmentEventParser.Parse(item, null, receivedAt, defaults);
            if (parsed.IsValid)
            {
                accepted.Add(parsed.Event!);
            }
            else
            {
                rejected.Add(new RejectedEvent(index, parsed.Errors.Select(Problems.ToJson).ToList()));
                // A blank messageId is none, as the parser reads it: two such items must not share one record. Keyed
                // on what is kept, so the same item in two batches of other contexts keeps both.
                var kept = defaults.Apply(item);
                var messageId = JsonFieldReader.TryGet(item, "messageId", out var id) && id.ValueKind == JsonValueKind.String && JsonText.OrNull(id) is { } text && !string.IsNullOrWhiteSpace(text)
                    ? text
                    : ContentId.Of("item-", kept);
                failed.Add((messageId, kept, $"batch[{index}] {parsed.Describe()}", null));
            }

            index++;
        }

        await RecordRejectedAsync(failed, cancellationToken);
        if (accepted.Count > 0)
        {
            await queue.EnqueueAsync(accepted, cancellationToken);
        }

        return new SegmentBatchOutcome(accepted.Count, rejected, failed.Select(f => f.Reason).ToList());
    }

    /// <summary>Best effort: the response has told the sender already; a failed record must not fail the good events.</summary>
    private async Task RecordRejectedAsync(List<(string MessageId, string Raw, string Reason, byte[]? Bytes)> failed, CancellationToken cancellationToken)
    {
        foreach (var (messageId, raw, reason, bytes) in failed)
        {
            logger.LogWarning("Batch item {MessageId} rejected: {Reason}", messageId, reason);
            try
            {
                await (bytes is null
                    ? failures.RecordAsync(RejectedBatchItems, messageId, raw, reason, 1, cancellationToken)
                    : failures.RecordBytesAsync(RejectedBatchItems, messageId, bytes, reason, 1, cancellationToken));
            }
            catch (Exception ex) when (TransientStorageError.Is(ex))
            {
                logger.LogError(ex, "Could not record rejected batch item {MessageId}", messageId);
            }
        }
    }

    /// <summary>A queue write that fails throws: HttpStorageGuard answers 503 storage-unavailable.</summary>
    private async Task<IResult> EnqueueAsync(IReadOnlyList<CapturedEvent> events, Func<IResult> success, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(events, cancellationToken);
        return success();
    }

    private static IResult NotUtf8(EventError error) =>
        Problems.Create(StatusCodes.Status400BadRequest, "malformed-json", "Not UTF-8", error.Detail,
            new Dictionary<string, object?> { ["errors"] = new[] { Problems.ToJson(error) } });

    private static IResult Unauthorized(string detail) =>
        Problems.Create(StatusCodes.Status401Unauthorized, "write-key", "Write key missing or not accepted", detail);
}
