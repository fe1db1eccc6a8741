using System.Globalization;
using Azure.Core;

namespace LifecycleFunctions.Storage;

/// <summary>
/// The Azure SDK's own retries of each storage call (Storage:Retry:*); what is not set keeps the SDK's
/// defaults. They bound how long one call goes on against storage that refuses connections (the back-off
/// delays) or never answers (NetworkTimeout on each try) before the app's own handling takes over: a 503
/// (HTTP functions answer within Collect:StorageTimeoutSeconds regardless), a listener's back-off, a
/// recompute that fails and can be run again.
/// </summary>
public sealed class StorageRetryOptions
{
    public const string Section = StorageOptions.Section + ":Retry";

    private const double MaxSeconds = 3600;

    /// <summary>Retries after the first try (0 to 10).</summary>
    public int? MaxRetries { get; set; }

    /// <summary>The first back-off delay, doubled at each retry up to <see cref="MaxDelaySeconds"/>.</summary>
    public double? DelaySeconds { get; set; }

    public double? MaxDelaySeconds { get; set; }

    /// <summary>How long one try waits for a reply before it counts as failed (the SDK's default: 100 s).</summary>
    public double? NetworkTimeoutSeconds { get; set; }

    /// <returns>Why the settings cannot be used, naming the setting; null when they can.</returns>
    public string? Problem()
    {
        if (MaxRetries is < 0 or > 10)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(MaxRetries)} must be a whole number from 0 to 10; it is {MaxRetries}.");
        }

        foreach (var (name, value) in new[] { (nameof(DelaySeconds), DelaySeconds), (nameof(MaxDelaySeconds), MaxDelaySeconds), (nameof(NetworkTimeoutSeconds), NetworkTimeoutSeconds) })
        {
            if (value is not null and not (> 0 and <= MaxSeconds))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} must be a number of seconds above 0 (at most {MaxSeconds}); it is {value}.");
            }
        }

        return null;
    }

    public void ApplyTo(RetryOptions retry)
    {
        if (MaxRetries is { } retries)
        {
            retry.MaxRetries = retries;
        }

        if (DelaySeconds is { } delay)
        {
            retry.Delay = TimeSpan.FromSeconds(delay);
        }

        if (MaxDelaySeconds is { } maxDelay)
        {
            retry.MaxDelay = TimeSpan.FromSeconds(maxDelay);
        }

        if (NetworkTimeoutSeconds is { } timeout)
        {
            retry.NetworkTimeout = TimeSpan.FromSeconds(timeout);
        }
    }
}
