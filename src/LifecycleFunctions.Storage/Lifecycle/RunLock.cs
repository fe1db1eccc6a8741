using Azure.Storage.Blobs.Specialized;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>A blob lease held for the length of a run (a recompute, a replay) and renewed in the background; released on dispose.</summary>
public sealed class RunLock : IAsyncDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

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

        try
        {
            await _lease.ReleaseAsync();
        }
        catch (Azure.RequestFailedException)
        {
            // Expired already; the next run can take it either way.
        }

        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(LeaseDuration / 3, _stop.Token);
            await _lease.RenewAsync(cancellationToken: _stop.Token);
        }
    }
}
