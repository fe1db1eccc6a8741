namespace LifecycleFunctions.Engine.Replay;

/// <summary>
/// The <c>&lt;queue&gt;-poison</c> queues as a replay holds them: received under a lease while it reads and
/// plans, released at once, and each taken back only for its own send.
/// </summary>
public interface IPoisonQueues
{
    /// <summary>Every message of the queue's poison queue, each as it is received, hidden for <paramref name="lease"/>.</summary>
    IAsyncEnumerable<LeasedPoisonMessage> ReceiveAllAsync(string queue, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>A released message hidden again for <paramref name="lease"/>; null when someone else received it since, or it is gone.</summary>
    Task<LeasedPoisonMessage?> TakeAsync(LeasedPoisonMessage message, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Removes the message; one that is gone or someone else's now is left to them.</summary>
    Task DeleteAsync(LeasedPoisonMessage message, CancellationToken cancellationToken);

    /// <summary>Visible again at once, with the receipt that takes it back; null when it is gone or someone else's.</summary>
    Task<LeasedPoisonMessage?> ReleaseAsync(LeasedPoisonMessage message, CancellationToken cancellationToken);

    /// <summary>Whether an exception of these calls is storage failing (an outage a replay stops for), not a fault.</summary>
    bool IsStorageFailure(Exception exception);
}
