using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Reports;

/// <summary>The members of a stage as the latest recompute left them, streamed.</summary>
public interface IStageMemberReader
{
    IAsyncEnumerable<StageMember> ReadAsync(LifecycleStage stage, CancellationToken cancellationToken);
}
