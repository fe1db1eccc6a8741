namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// The recompute lock while a run holds it, released when disposed. <see cref="Lost"/> is cancelled once the lock can no
/// longer be counted on (its renewal did not get through before it lapsed, or another run took it): from then on a
/// second run may be working beside this one, so this one stops rather than write over it.
/// </summary>
public interface IRunLease : IAsyncDisposable
{
    CancellationToken Lost { get; }
}
