using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
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

    /// <param name="policy">
    /// Runs on every request of all three clients, before retries: how a test makes the storage account
    /// vanish part-way through a step, as a crashed process would see it.
    /// </param>
    public StorageClients(StorageOptions options, HttpPipelinePolicy? policy = null)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        options.Retry.ApplyTo(queueOptions.Retry);
        options.Retry.ApplyTo(tableOptions.Retry);
        options.Retry.ApplyTo(blobOptions.Retry);
        if (policy is not null)
        {
            queueOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            tableOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            blobOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        if (options.Identity is { } identity)
        {
            var credential = AzureCredentials.Create(identity.ClientId, identity.ManagedIdentityOnly);
            Tables = new TableServiceClient(identity.TableServiceUri, credential, tableOptions);
            Queues = new QueueServiceClient(identity.QueueServiceUri, credential, queueOptions);
            Blobs = new BlobServiceClient(identity.BlobServiceUri, credential, blobOptions);
        }
        else
        {
            Tables = new TableServiceClient(options.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(options.ConnectionString, blobOptions);
        }
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);
    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);
}
