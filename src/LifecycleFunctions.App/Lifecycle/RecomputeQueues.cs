namespace LifecycleFunctions.App.Lifecycle;

public static class RecomputeQueues
{
    public const string Requests = "recompute-requests";
}
