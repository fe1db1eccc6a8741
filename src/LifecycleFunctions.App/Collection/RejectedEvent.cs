namespace LifecycleFunctions.App.Collection;

/// <summary>One event of a batch that was not accepted, by its position in the batch.</summary>
public sealed record RejectedEvent(int Index, IReadOnlyList<object> Errors);
