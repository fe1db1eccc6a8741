using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.App.Functions;

/// <summary>ad-events queue (impressions, clicks) → events table, or the failed-events table with the reason.</summary>
public sealed class CaptureAdEvent(QueueEventCapture capture) : IQueueFunction
{
    public Task RunAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        capture.CaptureAsync(message, AdEventParser.Parse, cancellationToken);
}
