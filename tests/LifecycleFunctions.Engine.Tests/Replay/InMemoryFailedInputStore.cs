using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Engine.Tests.Replay;

/// <summary>Failed-input records in a list, keyed by source and id; each write gives a record a new version.</summary>
public sealed class InMemoryFailedInputStore : IFailedInputStore
{
    private readonly List<StoredFailedInput> _rows = [];
    private int _versions;

    public IReadOnlyList<FailedInput> Records => [.. _rows.Select(r => r.Input)];

    /// <summary>Writes the record, replacing one of the same source and id, as a failure recorded again does.</summary>
    public void Record(FailedInput input)
    {
        _rows.RemoveAll(r => r.Key == input.Id && r.Input.Source == input.Source);
        _rows.Add(new StoredFailedInput(input, input.Id, NextVersion()));
    }

    public Task<IReadOnlyList<StoredFailedInput>> ListAsync(IReadOnlySet<string> sources, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredFailedInput>>([.. _rows.Where(r => sources.Count == 0 || sources.Contains(r.Input.Source))]);

    public Task<bool> DeleteIfUnchangedAsync(StoredFailedInput record, CancellationToken cancellationToken)
    {
        var current = Find(record);
        if (current is not null && current.Version != record.Version)
        {
            return Task.FromResult(false);
        }

        if (current is not null)
        {
            _rows.Remove(current);
        }

        return Task.FromResult(true);
    }

    public Task<bool> MarkReplayedIfUnchangedAsync(StoredFailedInput record, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var current = Find(record);
        if (current is null || current.Version != record.Version)
        {
            return Task.FromResult(current is null);
        }

        _rows[_rows.IndexOf(current)] = new StoredFailedInput(current.Input with { ReplayedAt = at }, current.Key, NextVersion());
        return Task.FromResult(true);
    }

    private StoredFailedInput? Find(StoredFailedInput record) =>
        _rows.SingleOrDefault(r => r.Key == record.Key && r.Input.Source == record.Input.Source);

    private string NextVersion() => $"v{++_versions}";
}
