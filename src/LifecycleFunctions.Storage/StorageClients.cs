using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LifecycleFunctions.Storage;

/// <summary>The three service clients of one storage account. Clients are thread-safe and meant to be shared.</summary>
public sealed class StorageClients
{
    public StorageClients(string connectionString)
    {
        Tables = new TableServiceClient(connectionString);
        Queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        Blobs = new BlobServiceClient(connectionString);
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);
    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);
}
