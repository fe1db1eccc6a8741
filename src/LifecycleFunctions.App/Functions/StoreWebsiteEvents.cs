using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.App.Functions;

/// <summary>website-events queue → events table.</summary>
public sealed class StoreWebsiteEvents(WebsiteEventIngestion ingestion) : IQueueFunction
{
    public Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        ingestion.StoreAsync(message, cancellationToken);
}
