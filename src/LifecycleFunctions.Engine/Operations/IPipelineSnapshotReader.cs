using LifecycleFunctions.Domain.Operations;

namespace LifecycleFunctions.Engine.Operations;

/// <summary>What storage says about the pipeline now: queue depths, failed input, the recompute's state.</summary>
public interface IPipelineSnapshotReader
{
    Task<PipelineSnapshot> ReadAsync(IReadOnlyList<string> queues, DateOnly? latestWorkbook, CancellationToken cancellationToken);
}
