namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Events are filed under the user id when known, else the anonymous id. The prefixes keep the two id spaces
/// apart, since a website's anonymous ids and an order system's user ids may collide.
/// </summary>
public static class IdentityKey
{
    public const string UserPrefix = "u:";
    public const string AnonymousPrefix = "a:";

    public static string? For(string? userId, string? anonymousId)
    {
        if (!string.IsNullOrEmpty(userId))
        {
            return UserPrefix + userId;
        }

        return string.IsNullOrEmpty(anonymousId) ? null : AnonymousPrefix + anonymousId;
    }

    /// <summary>A stable shard in [0, shardCount) so one person's events always land together.</summary>
    public static int Shard(string key, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);

        // FNV-1a: string.GetHashCode is randomised per process, and shards must agree across processes and runs.
        uint hash = 2166136261;
        foreach (var c in key)
        {
            hash ^= c;
            hash *= 16777619;
        }

        return (int)(hash % (uint)shardCount);
    }
}
