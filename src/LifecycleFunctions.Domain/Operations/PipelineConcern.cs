namespace LifecycleFunctions.Domain.Operations;

/// <summary>Something an operator should act on: which check found it, and what to do.</summary>
public sealed record PipelineConcern(string Check, string Detail);
