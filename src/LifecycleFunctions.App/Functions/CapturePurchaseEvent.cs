using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.App.Functions;

/// <summary>purchase-events queue (orders completed, refunded) → events table, or the failed-events table with the reason.</summary>
public sealed class CapturePurchaseEvent(QueueEventCapture capture) : IQueueFunction
{
    public Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        capture.CaptureAsync(message, PurchaseEventParser.Parse, cancellationToken);
}
