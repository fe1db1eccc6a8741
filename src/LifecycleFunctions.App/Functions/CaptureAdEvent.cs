using Azure.Storage.Queues.Models;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>ad-events queue (impressions, clicks) → events table, or the failed-events table with the reason.</summary>
public sealed class CaptureAdEvent(QueueEventCapture capture)
{
    [Function(nameof(CaptureAdEvent))]
    public Task RunAsync([QueueTrigger(StorageNames.AdEventsQueue)] QueueMessage message, CancellationToken cancellationToken) =>
        capture.CaptureAsync(message.ToTriggerMessage(StorageNames.AdEventsQueue), AdEventParser.Parse, cancellationToken);
}
