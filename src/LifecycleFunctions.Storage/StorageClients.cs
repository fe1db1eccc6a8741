using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LifecycleFunctions.Storage;

/// <summary>The three service clients of one storage account. Clients are thread-safe and meant to be shared.</summary>
public sealed class StorageClients
{
    public StorageClients(string connectionString)
        : this(new StorageOptions { ConnectionString = connectionString })
    {
    }

    public StorageClients(StorageOptions options)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        if (options.Identity is { } identity)
        {
            TokenCredential credential = identity.ManagedIdentityOnly
                ? new ManagedIdentityCredential(identity.ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(identity.ClientId))
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = identity.ClientId });
            Tables = new TableServiceClient(identity.TableServiceUri, credential);
            Queues = new QueueServiceClient(identity.QueueServiceUri, credential, queueOptions);
            Blobs = new BlobServiceClient(identity.BlobServiceUri, credential);
        }
        else
        {
            Tables = new TableServiceClient(options.ConnectionString);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(options.ConnectionString);
        }
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);
    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);
}
