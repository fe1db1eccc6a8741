namespace LifecycleFunctions.Engine.Lifecycle;

/// <param name="ForwardedTo">Shards whose people received events from here after their own classify may have read them.</param>
public sealed record ShardClassifyResult(ShardAnalytics Analytics, int People, int Changed, IReadOnlyList<int> ForwardedTo);
