namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>One recompute: classify as of <paramref name="AsOf"/>, folding events stored in (StoredAfter, StoredUpTo].</summary>
public sealed record RecomputeRun(string RunId, DateOnly AsOf, DateTimeOffset StoredAfter, DateTimeOffset StoredUpTo);
