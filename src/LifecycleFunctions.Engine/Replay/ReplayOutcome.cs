namespace LifecycleFunctions.Engine.Replay;

public enum ReplayOutcome
{
    /// <summary>Back on its queue (or, for a website event, accepted by the collection path and queued); its record and
    /// poison message removed.</summary>
    Resent,

    /// <summary>Re-sent, but its record was written again meanwhile, so it stays for the next look.</summary>
    ResentRecordChanged,

    /// <summary>A website event the collection path refused again: its record now holds the new reason.</summary>
    RejectedAgain,

    /// <summary>A poison message whose input an earlier replay sent from its record: removed with the record, not sent again.</summary>
    RemovedAsSent,

    /// <summary>A poison message someone else (another replay) received after this one read it, or that is gone: not
    /// sent, its record kept; theirs.</summary>
    TakenElsewhere,
}
