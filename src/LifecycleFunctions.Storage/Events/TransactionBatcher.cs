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

    /// <summary>
    /// Inserts the entities; already-existing ones count as duplicates and are left untouched, and ones the service
    /// refuses for what they hold come back in <see cref="BatchedInsert.Refused"/>, the others stored regardless.
    /// </summary>
    public Task<BatchedInsert> InsertAsync(IReadOnlyCollection<TableEntity> entities)
    {
        if (entities.Count == 0)
        {
            return Task.FromResult(new BatchedInsert(0, 0, []));
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

            await SubmitIsolatingAsync(pending);
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Call.Fail(ex);
            }
        }
    }

    /// <summary>
    /// A transaction shares its fate: one entity the service refuses (a key too long, a property too large) would
    /// fail every caller's entities with it, message after message, until all of them were poisoned. The refused
    /// entity is taken out and reported to its own caller, and the rest are sent again; when the service does not
    /// say which entity it refused, the transaction is halved until it does.
    /// </summary>
    private async Task SubmitIsolatingAsync(List<Pending> pending)
    {
        while (pending.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(pending.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Entity)));
                pending.ForEach(p => p.Call.Resolve(stored: true));
                return;
            }
            catch (TableTransactionFailedException ex) when ((IsConflict(ex) || IsRefusal(ex)) && ex.FailedTransactionActionIndex is { } index && index < pending.Count)
            {
                // The transaction was rolled back as a whole: settle the entity it named, send the rest again.
                Settle(pending[index], ex);
                pending.RemoveAt(index);
            }
            catch (RequestFailedException ex) when (IsConflict(ex) || IsRefusal(ex))
            {
                if (pending.Count == 1)
                {
                    Settle(pending[0], ex);
                    return;
                }

                var half = pending.Count / 2;
                await SubmitIsolatingAsync(pending.GetRange(0, half));
                await SubmitIsolatingAsync(pending.GetRange(half, pending.Count - half));
                return;
            }
        }
    }

    private static void Settle(Pending pending, RequestFailedException ex)
    {
        if (IsConflict(ex))
        {
            pending.Call.Resolve(stored: false);
        }
        else
        {
            pending.Call.Refuse(pending.Entity, Describe(ex));
        }
    }

    /// <summary>
    /// What the service refuses because of the entity itself; the same entity would be refused again on every
    /// retry. Other failures (unavailable, throttled, timed out, forbidden) are the account's and are retried.
    /// </summary>
    internal static bool IsRefusal(RequestFailedException ex) => ex.Status is 400 or 413;

    internal static string Describe(RequestFailedException ex)
    {
        var message = ex.Message;
        var firstLine = message.IndexOfAny(['\r', '\n']) is var end and > 0 ? message[..end] : message;
        return $"Table Storage refused it ({ex.Status} {ex.ErrorCode}): {firstLine}";
    }

    internal static bool IsConflict(RequestFailedException ex) =>
        ex.Status == 409 || string.Equals(ex.ErrorCode, "EntityAlreadyExists", StringComparison.Ordinal);

    private sealed record Pending(TableEntity Entity, Call Call);

    /// <summary>One caller's share of the buffered work.</summary>
    private sealed class Call(int count)
    {
        private readonly TaskCompletionSource<BatchedInsert> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<RefusedEntity> _refused = new();
        private int _remaining = count;
        private int _stored;
        private int _duplicates;

        public Task<BatchedInsert> Task => _done.Task;

        public void Resolve(bool stored)
        {
            Interlocked.Increment(ref stored ? ref _stored : ref _duplicates);
            Settled();
        }

        public void Refuse(TableEntity entity, string reason)
        {
            _refused.Enqueue(new RefusedEntity(entity, reason));
            Settled();
        }

        public void Fail(Exception ex)
        {
            Interlocked.Decrement(ref _remaining);
            _done.TrySetException(ex);
        }

        private void Settled()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult(new BatchedInsert(Volatile.Read(ref _stored), Volatile.Read(ref _duplicates), [.. _refused]));
            }
        }
    }
}
