using System.Collections.Concurrent;

namespace LifecycleFunctions.App.Hosting;

/// <summary>Counts per queue, for the demo, the benchmark and tests that wait for a queue to drain.</summary>
public sealed class QueueListenerMetrics
{
    private readonly ConcurrentDictionary<string, Counters> _queues = new(StringComparer.Ordinal);

    public Counters For(string queue) => _queues.GetOrAdd(queue, _ => new Counters());

    public sealed class Counters
    {
        private long _completed;
        private long _failedAttempts;
        private long _poisoned;

        public long Completed => Interlocked.Read(ref _completed);
        public long FailedAttempts => Interlocked.Read(ref _failedAttempts);
        public long Poisoned => Interlocked.Read(ref _poisoned);

        internal void AddCompleted() => Interlocked.Increment(ref _completed);
        internal void AddFailedAttempt() => Interlocked.Increment(ref _failedAttempts);
        internal void AddPoisoned() => Interlocked.Increment(ref _poisoned);
    }
}
