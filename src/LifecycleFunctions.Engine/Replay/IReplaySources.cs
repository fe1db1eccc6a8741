using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Engine.Replay;

/// <summary>The sources of failed input the host declares, and where a replay of each goes.</summary>
public interface IReplaySources
{
    IReadOnlyList<ReplaySource> All { get; }
}
