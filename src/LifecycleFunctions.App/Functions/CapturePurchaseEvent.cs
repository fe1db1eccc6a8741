using Azure.Storage.Queues.Models;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>purchase-events queue (orders completed, refunded) → events table, or the failed-events table with the reason.</summary>
public sealed class CapturePurchaseEvent(QueueEventCapture capture)
{
    [Function(nameof(CapturePurchaseEvent))]
    public Task RunAsync([QueueTrigger(StorageNames.PurchaseEventsQueue)] QueueMessage message, CancellationToken cancellationToken) =>
        capture.CaptureAsync(message.ToTriggerMessage(StorageNames.PurchaseEventsQueue), PurchaseEventParser.Parse, cancellationToken);
}
