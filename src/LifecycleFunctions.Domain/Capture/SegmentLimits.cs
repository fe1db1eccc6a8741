namespace LifecycleFunctions.Domain.Capture;

/// <summary>The limits of Segment's HTTP Tracking API, which every Segment client already respects.</summary>
public static class SegmentLimits
{
    public const int MaxEventBytes = 32 * 1024;
    public const int MaxRequestBytes = 500 * 1024;
    public const int MaxBatchEvents = 2500;
    public const int MaxIdLength = 255;
}
