using Azure;
using Azure.Storage.Blobs.Specialized;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// A blob lease held for the length of a run (a recompute, a replay) and renewed in the background; released on
/// dispose. The lease is the shortest Blob Storage allows, so the lock of a process that died is free again
/// within seconds; renewed every third of it, so a renewal that meets a storage hiccup is tried again in time.
/// </summary>
public sealed class RunLock : IAsyncDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewalInterval = LeaseDuration / 3;

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    internal RunLock(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewal;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        // No longer than the lease itself: by then it has lapsed anyway.
        using var giveUp = new CancellationTokenSource(LeaseDuration);
        try
        {
            await _lease.ReleaseAsync(cancellationToken: giveUp.Token);
        }
        catch (Exception ex) when (TransientStorageError.Is(ex) || (ex is OperationCanceledException && giveUp.IsCancellationRequested))
        {
            // Expired already, or storage unreachable (the outage that may have ended the run): the lease lapses
            // by itself, and the next run can take it either way. Thrown from here, it would replace the run's
            // own error.
        }

        _stop.Dispose();
    }


    private async Task RenewAsync()
    {
        var wait = RenewalInterval;
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(wait, _stop.Token);
            try
            {
                await _lease.RenewAsync(cancellationToken: _stop.Token);
                wait = RenewalInterval;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Lost (it lapsed and another run took it): renewing cannot get it back.
                return;
            }
            catch (Exception ex) when (TransientStorageError.Is(ex))
            {
                // Storage unreachable for a moment: try again soon, while the lease still holds.
                wait = RetryAfterFailure;
            }
        }
    }
}
