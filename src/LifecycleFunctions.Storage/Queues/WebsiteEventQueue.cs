using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.Storage.Queues;

/// <summary>
/// The durable hand-off between the HTTP collection functions and the store: once <see cref="EnqueueAsync"/>
/// returns, every event is in the queue (or in Blob with a pointer in the queue), so a 2xx can be answered.
/// </summary>
public sealed class WebsiteEventQueue(StorageClients clients, TimeProvider time) : IWebsiteEventQueue
{
    private readonly QueueClient _queue = clients.Queue(StorageNames.WebsiteEventsQueue);
    private readonly BlobContainerClient _overflow = clients.Container(StorageNames.OverflowContainer);

    /// <summary>The largest message body sent as is; larger ones travel through Blob.</summary>
    public int MaxMessageBytes { get; init; } = QueueMessageChunker.DefaultMaxMessageBytes;

    public async Task<int> EnqueueAsync(IReadOnlyList<CapturedEvent> events, CancellationToken cancellationToken)
    {
        var chunks = QueueMessageChunker.Pack(events, MaxMessageBytes);
        await Task.WhenAll(chunks.Select(c => SendAsync(c, cancellationToken)));
        return chunks.Count;
    }

    /// <summary>Reads a message body back into events, following an overflow pointer when there is one.</summary>
    public async Task<WebsiteEventPayload> ReadAsync(string body, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<WebsiteEventMessage>(body, QueueMessageChunker.Json)
                      ?? throw new JsonException("The website-events message is empty.");
        if (message.Blob is null)
        {
            return new WebsiteEventPayload(QueueMessageChunker.Unpack(message) ?? throw new JsonException("The website-events message holds no events."), null);
        }

        var blob = _overflow.GetBlobClient(message.Blob);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            // The blob is deleted only after its events were stored, so a redelivery finds nothing left to do.
            return new WebsiteEventPayload([], null);
        }

        var content = await blob.DownloadContentAsync(cancellationToken);
        var inner = JsonSerializer.Deserialize<WebsiteEventMessage>(content.Value.Content.ToString(), QueueMessageChunker.Json);
        return new WebsiteEventPayload(inner is null ? [] : QueueMessageChunker.Unpack(inner) ?? [], message.Blob);
    }

    public Task DeleteOverflowAsync(string overflow, CancellationToken cancellationToken) =>
        _overflow.DeleteBlobIfExistsAsync(overflow, cancellationToken: cancellationToken);

    private async Task SendAsync(QueueMessageChunker.Chunk chunk, CancellationToken cancellationToken)
    {
        if (!chunk.Oversized)
        {
            await _queue.SendMessageAsync(chunk.Body, cancellationToken);
            return;
        }

        var name = $"{time.GetUtcNow():yyyy/MM/dd}/{Guid.NewGuid():N}.json";
        await _overflow.UploadBlobAsync(name, BinaryData.FromString(chunk.Body), cancellationToken);
        var pointer = JsonSerializer.Serialize(new WebsiteEventMessage { Blob = name }, QueueMessageChunker.Json);
        await _queue.SendMessageAsync(pointer, cancellationToken);
    }
}
