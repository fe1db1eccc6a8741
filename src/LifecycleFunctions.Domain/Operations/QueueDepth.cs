namespace LifecycleFunctions.Domain.Operations;

/// <summary>A queue's backlog: messages waiting for their function, and messages it gave up on (its poison queue).</summary>
public sealed record QueueDepth(string Queue, int Waiting, int Poisoned);
