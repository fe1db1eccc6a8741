using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class IdentityKeyTests
{
    [Fact]
    public void For_WithUserIdAndAnonymousId_PrefersUserId()
    {
        Assert.Equal("u:user-42", IdentityKey.For("user-42", "anon-7"));
    }

    [Fact]
    public void For_WithOnlyAnonymousId_UsesAnonymousPrefix()
    {
        Assert.Equal("a:anon-7", IdentityKey.For(null, "anon-7"));
    }

    [Fact]
    public void For_WithEmptyUserId_FallsBackToAnonymousId()
    {
        Assert.Equal("a:anon-7", IdentityKey.For(string.Empty, "anon-7"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void For_WithNeitherId_ReturnsNull(string? userId, string? anonymousId)
    {
        Assert.Null(IdentityKey.For(userId, anonymousId));
    }

    [Fact]
    public void For_WithSameRawIdAsUserAndAnonymous_KeepsKeysApart()
    {
        Assert.NotEqual(IdentityKey.For("123", null), IdentityKey.For(null, "123"));
    }

    [Theory]
    [InlineData("u:alice", 16, 6)]
    [InlineData("a:anon-1", 16, 2)]
    [InlineData("u:alice", 1000, 310)]
    [InlineData("", 16, 5)]
    public void Shard_WithKnownKey_ReturnsFnv1aValueStableAcrossProcesses(string key, int shardCount, int expected)
    {
        // Pinned values: string.GetHashCode is randomised per process, so a match proves a fixed hash is used.
        Assert.Equal(expected, IdentityKey.Shard(key, shardCount));
    }

    [Fact]
    public void Shard_WithSameKeyTwice_ReturnsSameShard()
    {
        var key = "u:" + Guid.NewGuid().ToString("N");

        Assert.Equal(IdentityKey.Shard(key, 64), IdentityKey.Shard(key, 64));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(1000)]
    public void Shard_WithManyKeys_StaysWithinRange(int shardCount)
    {
        for (var i = 0; i < 2000; i++)
        {
            var shard = IdentityKey.Shard($"a:{Guid.NewGuid()}-{i}", shardCount);
            Assert.InRange(shard, 0, shardCount - 1);
        }
    }

    [Fact]
    public void Shard_WithNonAsciiKey_StaysWithinRange()
    {
        Assert.InRange(IdentityKey.Shard("u:Zoë-Łukasz-東京-😀", 16), 0, 15);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Shard_WithShardCountBelowOne_Throws(int shardCount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentityKey.Shard("u:alice", shardCount));
    }

    [Theory]
    [InlineData("u:user-{0}")]
    [InlineData("a:{0:D6}")]
    [InlineData("u:customer-{0}@example.com")]
    public void Shard_With1000Keys_SpreadsAcross16Shards(string format)
    {
        var counts = new int[16];
        for (var i = 0; i < 1000; i++)
        {
            counts[IdentityKey.Shard(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i), 16)]++;
        }

        // 62.5 per shard on average: every shard is used and none holds more than twice its share.
        Assert.All(counts, c => Assert.InRange(c, 20, 125));
    }

    [Fact]
    public void Shard_WithKeysDifferingInOneCharacter_UsesSeveralShards()
    {
        var shards = Enumerable.Range(0, 26).Select(i => IdentityKey.Shard($"u:user-{(char)('a' + i)}", 16)).Distinct().Count();

        Assert.True(shards >= 8, $"Only {shards} distinct shards for 26 keys.");
    }
}
