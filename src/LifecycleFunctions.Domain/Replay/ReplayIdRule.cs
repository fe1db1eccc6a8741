namespace LifecycleFunctions.Domain.Replay;

/// <summary>
/// How an event without an id of its own keeps the identity it had when it first arrived, so a replay that is
/// repeated (after a crash between re-sending and removing the record) is deduplicated.
/// </summary>
public enum ReplayIdRule
{
    /// <summary>The event's key does not depend on where it travelled (purchases: by order; website-events messages:
    /// ids assigned at collection).</summary>
    None,

    /// <summary>An ad report without messageId or clickId is keyed by its queue message id, which a re-sent message would not keep.</summary>
    AdReport,
}
