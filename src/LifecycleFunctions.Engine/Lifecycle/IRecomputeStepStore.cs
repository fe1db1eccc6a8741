using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// What each step of a run left (its output, and a fold's deltas by target shard), kept until the run commits:
/// a step's output existing is what marks it done, so a resumed run reuses it.
/// </summary>
public interface IRecomputeStepStore
{
    Task WriteStepAsync(
        RecomputeWorkItem item,
        ShardStepOutput output,
        IReadOnlyDictionary<int, List<PersonState>>? deltas,
        CancellationToken cancellationToken);

    Task<bool> IsDoneAsync(string runId, string step, CancellationToken cancellationToken);

    Task<HashSet<string>> DoneStepsAsync(string runId, CancellationToken cancellationToken);

    Task<Dictionary<string, ShardStepOutput>> ReadOutputsAsync(string runId, IEnumerable<string> steps, CancellationToken cancellationToken);

    /// <summary>Every delta the run's folds left for the people of one shard, merged by person.</summary>
    Task<Dictionary<string, PersonState>> ReadDeltasAsync(string runId, int shard, CancellationToken cancellationToken);

    Task DeleteRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Deletes what other runs left; true when <paramref name="keep"/> had steps kept (the run resumes).</summary>
    Task<bool> DeleteRunsExceptAsync(string keep, CancellationToken cancellationToken);
}
