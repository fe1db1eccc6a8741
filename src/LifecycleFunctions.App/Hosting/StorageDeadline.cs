using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// How long an HTTP function's storage calls may take before it answers 503 storage-unavailable. A tracking
/// client gives up after its own timeout (analytics-node: 10 s) and retries, so the answer must come before
/// that, whether storage refuses connections or never answers (when each of the SDK's tries waits 100 s).
/// Started by the function where its storage work begins, so a slow upload of the body does not count, and
/// stopped by <see cref="HttpStorageGuard"/> once the function returns, so a result streamed after
/// that is not cut.
/// </summary>
public sealed class StorageDeadline(TimeSpan budget, CancellationToken requestAborted) : IDisposable
{
    private readonly CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);

    public TimeSpan Budget => budget;

    /// <summary>The function's storage work began (the budget was started).</summary>
    public bool Started { get; private set; }

    /// <summary>The budget ran out (as opposed to the client going away).</summary>
    public bool Expired => _source.IsCancellationRequested && !requestAborted.IsCancellationRequested;

    /// <summary>Starts the budget now (again, if it was started before) on the request's deadline.</summary>
    /// <returns>The token to pass to the storage calls: cancelled when the budget runs out or the client goes away.</returns>
    public static CancellationToken Start(HttpContext context)
    {
        if (context.Features.Get<StorageDeadline>() is not { } deadline)
        {
            return context.RequestAborted;
        }

        deadline.Started = true;
        deadline._source.CancelAfter(deadline.Budget);
        return deadline._source.Token;
    }

    /// <summary>The storage calls the budget is for are done: what follows is the function's own work.</summary>
    public static void Stop(HttpContext context) => context.Features.Get<StorageDeadline>()?.Stop();

    public void Stop()
    {
        if (!_source.IsCancellationRequested)
        {
            _source.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _source.Dispose();
}
