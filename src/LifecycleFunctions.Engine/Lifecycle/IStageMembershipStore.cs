using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>What a classify step changes besides the person rows: member rows, stage-history spells, stage-change messages.</summary>
public interface IStageMembershipStore
{
    Task WriteAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken);

    /// <summary>Removes the member rows of people merged into another person.</summary>
    Task RetireAsync(IReadOnlyList<(string Key, LifecycleStage Stage)> people, CancellationToken cancellationToken);
}
