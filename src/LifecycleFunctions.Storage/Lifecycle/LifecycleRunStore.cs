using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The recompute's control data in the lifecycle blob container: the committed run state, the lock that keeps
/// one run at a time across instances, and the timer's schedule status (as the Functions host keeps it when
/// useMonitor is on). What a run's shard steps leave for each other is in <see cref="RecomputeStepStore"/>.
/// </summary>
public sealed class LifecycleRunStore(StorageClients clients) : IRunStateStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string StateBlob = "state.json";
    private const string StartedRunBlob = "run.json";
    private const string LockBlob = "locks/recompute";
    private const string ReplayLockBlob = "locks/replay";

    private readonly BlobContainerClient _container = clients.Container(StorageNames.LifecycleContainer);

    /// <summary>
    /// A dead holder's lease lapses within <see cref="RunLock.LeaseDuration"/>; a live one is renewed every
    /// <see cref="RunLock.RenewalInterval"/>.
    /// </summary>
    public TimeSpan LockLapse => RunLock.LeaseDuration + RunLock.RenewalInterval;

    public async Task<LifecycleRunState> ReadStateAsync(CancellationToken cancellationToken) =>
        await ReadAsync<LifecycleRunState>(StateBlob, cancellationToken) ?? new LifecycleRunState();

    public Task CommitStateAsync(LifecycleRunState state, CancellationToken cancellationToken) => WriteAsync(StateBlob, state, cancellationToken);

    /// <summary>The last run started (what a rerun after a crash resumes); null before any.</summary>
    public async Task<RecomputeRun?> ReadStartedRunAsync(CancellationToken cancellationToken) => await ReadAsync<RecomputeRun>(StartedRunBlob, cancellationToken);

    public Task WriteStartedRunAsync(RecomputeRun run, CancellationToken cancellationToken) => WriteAsync(StartedRunBlob, run, cancellationToken);

    public async Task<ScheduleStatus?> ReadScheduleAsync(string function, CancellationToken cancellationToken) => await ReadAsync<ScheduleStatus>($"schedule/{function}.json", cancellationToken);

    public Task WriteScheduleAsync(string function, ScheduleStatus status, CancellationToken cancellationToken) => WriteAsync($"schedule/{function}.json", status, cancellationToken);

    /// <summary>Whether a recompute holds the lock now (its lease is renewed while it runs and lapses if it dies).</summary>
    public async Task<bool> IsRecomputeRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _container.GetBlobClient(LockBlob).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.LeaseState == LeaseState.Leased;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes the recompute lock, or returns null when another instance holds it for longer than
    /// <paramref name="patience"/> (a dead holder's lease lapses within <see cref="RunLock.LeaseDuration"/>).
    /// </summary>
    public async Task<RunLock?> TryLockAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        // Elapsed real time, not the app's TimeProvider: the wait is for a lease lapsing on storage's clock, and
        // a test's fake clock, standing still, would wait forever.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            if (await TryLeaseAsync(LockBlob, cancellationToken) is { } held)
            {
                return held;
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= patience)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    async Task<IRunLease?> IRunStateStore.TryLockAsync(TimeSpan patience, CancellationToken cancellationToken) =>
        await TryLockAsync(patience, cancellationToken);

    /// <summary>
    /// Takes the replay lock, or returns null while another `lifecycle replay-failed` runs: two replays would
    /// each plan the same poison messages and failed-events rows.
    /// </summary>
    public Task<RunLock?> TryLockReplayAsync(CancellationToken cancellationToken) => TryLeaseAsync(ReplayLockBlob, cancellationToken);

    private async Task<RunLock?> TryLeaseAsync(string name, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(name);
        if (!(await blob.ExistsAsync(cancellationToken)).Value)
        {
            try
            {
                await blob.UploadAsync(BinaryData.FromString(string.Empty), overwrite: false, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Created by the other contender; the lease decides.
            }
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(RunLock.LeaseDuration, cancellationToken: cancellationToken);
            return new RunLock(lease);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    private async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteAsync(string name, object value, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(value, Json), new BlobUploadOptions(), cancellationToken);
}
