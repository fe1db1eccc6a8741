using System.IO.Compression;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The recompute's control data in the lifecycle blob container: the committed run state, each run's shard
/// partials and completion marks, the lock that keeps one run at a time across instances, and the timer's
/// schedule status (as the Functions host keeps it when useMonitor is on).
/// </summary>
public sealed class LifecycleRunStore(StorageClients clients)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string StateBlob = "state.json";
    private const string LockBlob = "locks/recompute";

    private readonly BlobContainerClient _container = clients.Container(StorageNames.LifecycleContainer);

    public async Task<LifecycleRunState> ReadStateAsync(CancellationToken cancellationToken) =>
        await ReadAsync<LifecycleRunState>(StateBlob, cancellationToken) ?? new LifecycleRunState();

    public Task CommitStateAsync(LifecycleRunState state, CancellationToken cancellationToken) => WriteAsync(StateBlob, state, cancellationToken);

    public Task WritePartialAsync(string runId, string name, object value, CancellationToken cancellationToken) => WriteAsync($"runs/{runId}/{name}.json", value, cancellationToken);

    public Task<T?> ReadPartialAsync<T>(string runId, string name, CancellationToken cancellationToken) where T : class => ReadAsync<T>($"runs/{runId}/{name}.json", cancellationToken);

    /// <summary>A step is done once its output exists: the output is one upload, written last, so no separate mark is needed.</summary>
    public async Task<bool> IsDoneAsync(string runId, string step, CancellationToken cancellationToken) =>
        (await _container.GetBlobClient($"runs/{runId}/{step}.json").ExistsAsync(cancellationToken)).Value;

    /// <summary>
    /// One fold's person-state deltas for one target shard, as gzip JSON. Written under the source shard's name,
    /// so a fold that runs twice overwrites its own blob and never adds a second copy.
    /// </summary>
    public async Task WriteDeltasAsync(string runId, int target, int source, IEnumerable<PersonState> deltas, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(gzip, deltas, PersonStateSerializer.Json, cancellationToken);
        }

        buffer.Position = 0;
        await _container.GetBlobClient(DeltaPrefix(runId, target) + $"{source:x2}.json.gz").UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    /// <summary>Every fold's deltas for one shard, streamed (one state at a time is deserialised) and merged per person.</summary>
    public async Task<Dictionary<string, PersonState>> ReadDeltasAsync(string runId, int shard, CancellationToken cancellationToken)
    {
        var deltas = new Dictionary<string, PersonState>(StringComparer.Ordinal);
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = DeltaPrefix(runId, shard) }, cancellationToken))
        {
            // One GET: OpenRead would first ask for the blob's properties, a round trip per delta blob.
            var download = await _container.GetBlobClient(item.Name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var stream = download.Value.Content;
            await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            await foreach (var delta in JsonSerializer.DeserializeAsyncEnumerable<PersonState>(gzip, PersonStateSerializer.Json, cancellationToken))
            {
                if (delta is null)
                {
                    continue;
                }

                if (deltas.TryGetValue(delta.Key, out var known))
                {
                    known.Merge(delta);
                }
                else
                {
                    deltas[delta.Key] = delta;
                }
            }
        }

        return deltas;
    }

    /// <summary>Removes a committed run's partials and deltas; they are never read again once the watermark moved past them.</summary>
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"runs/{runId}/" }, cancellationToken))
        {
            names.Add(item.Name);
        }

        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (name, token) =>
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: token));
    }

    /// <summary>
    /// Removes what earlier runs left that no rerun will read: a run that crashed after its commit (before its own
    /// clean-up), or one abandoned for a later watermark. Only the lock holder calls it, so no other run is live;
    /// <paramref name="keep"/> is the starting run, whose finished steps a rerun of the same id reuses. Returns
    /// whether that run left anything.
    /// </summary>
    public async Task<bool> DeleteRunsExceptAsync(string keep, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var kept = false;
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = "runs/" }, cancellationToken))
        {
            if (item.Name.StartsWith($"runs/{keep}/", StringComparison.Ordinal))
            {
                kept = true;
            }
            else
            {
                names.Add(item.Name);
            }
        }

        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (name, token) =>
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: token));
        return kept;
    }

    public async Task<ScheduleStatus?> ReadScheduleAsync(string function, CancellationToken cancellationToken) => await ReadAsync<ScheduleStatus>($"schedule/{function}.json", cancellationToken);

    public Task WriteScheduleAsync(string function, ScheduleStatus status, CancellationToken cancellationToken) => WriteAsync($"schedule/{function}.json", status, cancellationToken);

    /// <summary>Takes the recompute lock, or returns null when another instance holds it.</summary>
    public async Task<RecomputeLock?> TryLockAsync(CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(LockBlob);
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
            await lease.AcquireAsync(RecomputeLock.LeaseDuration, cancellationToken: cancellationToken);
            return new RecomputeLock(lease);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    private static string DeltaPrefix(string runId, int shard) => $"runs/{runId}/deltas/{shard:x2}/";

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
