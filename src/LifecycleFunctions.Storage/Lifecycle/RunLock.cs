using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs.Specialized;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// A blob lease held for the length of a run (a recompute, a replay) and renewed in the background; released on
/// dispose. The lease is the shortest Blob Storage allows, so the lock of a process that died is free again
/// within seconds; renewed every third of it, so a renewal that meets a storage hiccup is tried again in time.
/// When no renewal gets through before the lease lapses (storage refusing, or accepting connections and never
/// answering, where one SDK call alone can wait minutes), or another run has taken it, <see cref="Lost"/> is cancelled.
/// </summary>
public sealed class RunLock : IRunLease
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewalInterval = LeaseDuration / 3;

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>Given up this long before the lease would lapse on storage's clock: the clocks and the request's trip differ.</summary>
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewal;

    internal RunLock(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync();
    }

    public CancellationToken Lost => _lost.Token;

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
        catch (Exception ex) when (TransientStorageError.Is(ex) || ex is RequestFailedException { Status: 409 }
                                   || (ex is OperationCanceledException && giveUp.IsCancellationRequested))
        {
            // Expired already, taken by another run, or storage unreachable (the outage that may have ended the run):
            // the lease lapses by itself, and the next run can take it either way. Thrown from here, it would
            // replace the run's own error.
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync()
    {
        var heldSince = Stopwatch.GetTimestamp();
        var wait = RenewalInterval;
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(wait, _stop.Token);
            var left = LeaseDuration - SafetyMargin - Stopwatch.GetElapsedTime(heldSince);
            if (left <= TimeSpan.Zero)
            {
                await _lost.CancelAsync();
                return;
            }

            // A renewal that takes longer than the lease has left is no use: storage that never answers would
            // otherwise hold this loop far past the lapse.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            attempt.CancelAfter(left);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _lease.RenewAsync(cancellationToken: attempt.Token);
                heldSince = started;
                wait = RenewalInterval;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Lost (it lapsed and another run took it): renewing cannot get it back.
                await _lost.CancelAsync();
                return;
            }
            catch (Exception ex) when (TransientStorageError.Is(ex) || (ex is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                // Storage unreachable for a moment: try again soon, while the lease still holds.
                wait = RetryAfterFailure;
            }
        }
    }
}
