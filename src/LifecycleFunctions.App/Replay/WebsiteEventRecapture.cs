using System.Text.Json;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.App.Replay;

/// <summary>A recorded website event sent through <see cref="SegmentCollector"/> as a batch of one, as if it came over HTTP now.</summary>
public sealed class WebsiteEventRecapture(SegmentCollector collector, TimeProvider time) : IWebsiteEventRecapture
{
    public async Task<string?> CaptureAsync(string body, CancellationToken cancellationToken)
    {
        JsonDocument batch;
        try
        {
            batch = JsonDocument.Parse($"[{body}]");
        }
        catch (JsonException ex)
        {
            return $"Not JSON: {ex.Message}";
        }

        using (batch)
        {
            if (batch.RootElement.GetArrayLength() != 1)
            {
                return "Not one JSON value";
            }

            var outcome = await collector.CaptureBatchAsync(batch.RootElement, SegmentBatchDefaults.None, time.GetUtcNow(), cancellationToken);
            return outcome.Accepted == 1 ? null : outcome.Reasons.Count > 0 ? outcome.Reasons[0] : "rejected";
        }
    }
}
