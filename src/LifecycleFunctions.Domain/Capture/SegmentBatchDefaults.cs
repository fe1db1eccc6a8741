using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>Batch-level fields that Segment applies to every event of the batch that does not carry its own.</summary>
public readonly record struct SegmentBatchDefaults(DateTimeOffset? SentAt, JsonElement Context)
{
    public static SegmentBatchDefaults None => new(null, default);
}
