using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Storage;

/// <summary>Creates the tables, queues and containers the app needs; safe to run at every start.</summary>
public sealed class StorageProvisioner(StorageClients clients, ILogger<StorageProvisioner> logger)
{
    public async Task EnsureCreatedAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        tasks.AddRange(StorageNames.Tables.Select(t => clients.Tables.CreateTableIfNotExistsAsync(t, cancellationToken)));
        tasks.AddRange(StorageNames.OutputQueues.Select(q => clients.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        foreach (var queue in queues.Distinct(StringComparer.Ordinal))
        {
            tasks.Add(clients.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            tasks.Add(clients.Queue(StorageNames.PoisonQueue(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }

        tasks.AddRange(StorageNames.Containers.Select(c => clients.Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(tasks);
        logger.LogInformation("Storage ready: {TableCount} tables, {ContainerCount} containers, queues", StorageNames.Tables.Count, StorageNames.Containers.Count);
    }
}
