namespace LifecycleFunctions.Engine.Replay;

/// <summary>The failed-input records as a replay reads and settles them; each change only to a record as it was read.</summary>
public interface IFailedInputStore
{
    /// <summary>The records of these sources; every source's when none is named.</summary>
    Task<IReadOnlyList<StoredFailedInput>> ListAsync(IReadOnlySet<string> sources, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the record unless it was recorded again since it was read (the same input failing again, with its
    /// new reason): false then. A record already gone counts as removed.
    /// </summary>
    Task<bool> DeleteIfUnchangedAsync(StoredFailedInput record, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the record as sent by a replay at <paramref name="at"/>, unless it was recorded again since it was
    /// read: false then, and it stays unmarked. A record already gone counts as marked.
    /// </summary>
    Task<bool> MarkReplayedIfUnchangedAsync(StoredFailedInput record, DateTimeOffset at, CancellationToken cancellationToken);
}
