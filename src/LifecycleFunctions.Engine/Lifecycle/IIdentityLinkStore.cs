namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>Which key (an anonymous id, an earlier user id) became which person, kept by the shard of the merged key.</summary>
public interface IIdentityLinkStore
{
    Task<Dictionary<string, string>> LoadShardAsync(int shard, CancellationToken cancellationToken);

    Task SaveAsync(IReadOnlyDictionary<string, string> links, CancellationToken cancellationToken);
}
