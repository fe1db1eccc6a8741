using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// Each person's folded state with the stage the last recompute wrote for it, one row per person key. Writes are
/// guarded by the version read (<see cref="PersonRow.Version"/>): a concurrent change fails a write with
/// <see cref="PersonWriteConflictException"/> instead of being overwritten.
/// </summary>
public interface IPersonStateStore
{
    IAsyncEnumerable<PersonRow> ReadShardAsync(int shard, CancellationToken cancellationToken);

    Task<PersonRow?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Moves the history folded under <paramref name="from"/> into <paramref name="to"/> and marks the old row merged.</summary>
    Task MoveAsync(string from, string to, CancellationToken cancellationToken);

    Task WriteAsync(IReadOnlyList<PersonWrite> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Merges a delta into the person <paramref name="key"/> was merged into (following merges); says where it went and
    /// whether it moved.
    /// </summary>
    Task<(string Key, bool Changed)> ForwardAsync(string key, PersonState delta, CancellationToken cancellationToken);

    /// <summary>Clears the stage of rows merged into another person, once their membership is retired.</summary>
    Task ForgetStagesAsync(IReadOnlyList<(string Key, string MergedInto)> rows, CancellationToken cancellationToken);
}
