namespace LifecycleFunctions.Storage.Lifecycle;

public sealed record RecomputeProgress(string Step, int Done, int Total);
