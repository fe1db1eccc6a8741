using Azure.Storage.Queues.Models;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>website-events queue → events table.</summary>
public sealed class StoreWebsiteEvents(WebsiteEventIngestion ingestion)
{
    [Function(nameof(StoreWebsiteEvents))]
    public Task RunAsync([QueueTrigger(StorageNames.WebsiteEventsQueue)] QueueMessage message, CancellationToken cancellationToken) =>
        ingestion.StoreAsync(message.ToTriggerMessage(StorageNames.WebsiteEventsQueue), cancellationToken);
}
