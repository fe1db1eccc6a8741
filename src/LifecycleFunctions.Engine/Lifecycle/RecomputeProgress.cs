namespace LifecycleFunctions.Engine.Lifecycle;

public sealed record RecomputeProgress(string Step, int Done, int Total);
