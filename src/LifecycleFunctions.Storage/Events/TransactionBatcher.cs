using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// Group commit for the events table. Queue functions run one message at a time, and one message's events
/// scatter over many partitions, so on their own they would make many small transactions, and a transaction
/// costs the service about as much as the entities in it. Concurrent calls share per-partition buffers
/// instead. A full buffer (the entity-group limit of 100) goes out as soon as a transaction slot is free; a
/// partial one once it has waited <c>linger</c>, so a quiet partition never holds its events back for long.
/// A caller's task completes once all of its entities are durably stored, so a queue message is still
/// deleted only after its events are safe.
/// </summary>
public sealed class TransactionBatcher(TableClient table, int maxParallelTransactions = 8, TimeSpan? linger = null)
{
    public const int MaxTransactionSize = 100;
    private readonly TimeSpan _linger = linger ?? TimeSpan.FromMilliseconds(50);
    private readonly Dictionary<string, long> _firstQueuedAt = new(StringComparer.Ordinal);
    private bool _timerScheduled;

    private readonly object _gate = new();
    private readonly Dictionary<string, List<Pending>> _buffers = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>Inserts the entities; already-existing ones count as duplicates and are left untouched.</summary>
    public Task<StoreResult> InsertAsync(IReadOnlyCollection<TableEntity> entities)
    {
        if (entities.Count == 0)
        {
            return Task.FromResult(default(StoreResult));
        }

        var call = new Call(entities.Count);
        lock (_gate)
        {
            foreach (var entity in entities)
            {
                if (!_buffers.TryGetValue(entity.PartitionKey, out var buffer))
                {
                    _buffers[entity.PartitionKey] = buffer = [];
                    _firstQueuedAt[entity.PartitionKey] = Stopwatch.GetTimestamp();
                }

                buffer.Add(new Pending(entity, call));
            }
        }

        Dispatch();
        return call.Task;
    }

    private void Dispatch()
    {
        while (true)
        {
            Pending[] batch;
            lock (_gate)
            {
                if (_running >= maxParallelTransactions || _buffers.Count == 0)
                {
                    return;
                }

                var (partition, buffer) = _buffers.MaxBy(kv => kv.Value.Count);
                if (buffer.Count < MaxTransactionSize)
                {
                    (partition, buffer) = _buffers.MinBy(kv => _firstQueuedAt[kv.Key]);
                    var waited = Stopwatch.GetElapsedTime(_firstQueuedAt[partition]);
                    if (waited < _linger)
                    {
                        ScheduleRecheck(_linger - waited);
                        return;
                    }
                }

                var take = Math.Min(MaxTransactionSize, buffer.Count);
                batch = buffer.GetRange(0, take).ToArray();
                buffer.RemoveRange(0, take);
                if (buffer.Count == 0)
                {
                    _buffers.Remove(partition);
                    _firstQueuedAt.Remove(partition);
                }
                else
                {
                    _firstQueuedAt[partition] = Stopwatch.GetTimestamp();
                }

                _running++;
            }

            _ = RunAsync(batch);
        }
    }

    /// <summary>Called under the lock.</summary>
    private void ScheduleRecheck(TimeSpan delay)
    {
        if (_timerScheduled)
        {
            return;
        }

        _timerScheduled = true;
        _ = Task.Delay(delay).ContinueWith(
            _ =>
            {
                lock (_gate)
                {
                    _timerScheduled = false;
                }

                Dispatch();
            },
            TaskScheduler.Default);
    }

    private async Task RunAsync(Pending[] batch)
    {
        try
        {
            await SubmitAsync(batch);
        }
        finally
        {
            lock (_gate)
            {
                _running--;
            }

            Dispatch();
        }
    }

    private async Task SubmitAsync(Pending[] batch)
    {
        try
        {
            var pending = batch.DistinctBy(p => p.Entity.RowKey).ToList();
            foreach (var duplicateInBatch in batch.Except(pending))
            {
                duplicateInBatch.Call.Resolve(stored: false);
            }

            while (pending.Count > 0)
            {
                try
                {
                    await table.SubmitTransactionAsync(pending.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Entity)));
                    pending.ForEach(p => p.Call.Resolve(stored: true));
                    return;
                }
                catch (TableTransactionFailedException ex) when (IsConflict(ex) && ex.FailedTransactionActionIndex is { } index && index < pending.Count)
                {
                    // The transaction was rolled back as a whole: drop the entity that exists already, send the rest again.
                    pending[index].Call.Resolve(stored: false);
                    pending.RemoveAt(index);
                }
                catch (RequestFailedException ex) when (IsConflict(ex))
                {
                    // The service did not say which entity clashed: one insert each.
                    await InsertOneByOneAsync(pending);
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Call.Fail(ex);
            }
        }
    }

    private async Task InsertOneByOneAsync(List<Pending> pending)
    {
        foreach (var p in pending)
        {
            try
            {
                await table.AddEntityAsync(p.Entity);
                p.Call.Resolve(stored: true);
            }
            catch (RequestFailedException ex) when (IsConflict(ex))
            {
                p.Call.Resolve(stored: false);
            }
        }
    }

    internal static bool IsConflict(RequestFailedException ex) =>
        ex.Status == 409 || string.Equals(ex.ErrorCode, "EntityAlreadyExists", StringComparison.Ordinal);

    private sealed record Pending(TableEntity Entity, Call Call);

    /// <summary>One caller's share of the buffered work.</summary>
    private sealed class Call(int count)
    {
        private readonly TaskCompletionSource<StoreResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = count;
        private int _stored;
        private int _duplicates;

        public Task<StoreResult> Task => _done.Task;

        public void Resolve(bool stored)
        {
            Interlocked.Increment(ref stored ? ref _stored : ref _duplicates);
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult(new StoreResult(Volatile.Read(ref _stored), Volatile.Read(ref _duplicates)));
            }
        }

        public void Fail(Exception ex)
        {
            Interlocked.Decrement(ref _remaining);
            _done.TrySetException(ex);
        }
    }
}
