using LifecycleFunctions.Domain.Replay;
using static LifecycleFunctions.Domain.Tests.Replay.ReplayFixtures;

namespace LifecycleFunctions.Domain.Tests.Replay;

public class ReplayFilterTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private static ReplayFilter From(DateTimeOffset? since, params string[] sources) => new(sources.ToHashSet(StringComparer.Ordinal), since, Now);

    [Fact]
    public void Takes_WithFailureExactlyAtSince_TakesIt()
    {
        // `--since 2026-11-20` means from the start of that day: what failed at midnight is part of it.
        Assert.True(From(Since).Takes(AdEvents, Since));
    }

    [Fact]
    public void Takes_WithFailureJustBeforeSince_LeavesIt()
    {
        Assert.False(From(Since).Takes(AdEvents, Since.AddTicks(-1)));
    }

    [Fact]
    public void Takes_WithSinceInAnotherOffset_ComparesInstants()
    {
        var sinceInParis = new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.FromHours(1));

        Assert.True(From(sinceInParis).Takes(AdEvents, Since));
        Assert.False(From(sinceInParis).Takes(AdEvents, Since.AddSeconds(-1)));
    }

    [Fact]
    public void Takes_WithFailureAtTheReplaysStart_TakesIt()
    {
        Assert.True(From(null).Takes(AdEvents, Now));
    }

    [Fact]
    public void Takes_WithFailureAfterTheReplayStarted_LeavesItForTheNextReplay()
    {
        Assert.False(From(null).Takes(AdEvents, Now.AddTicks(1)));
    }

    [Fact]
    public void Takes_WithoutAFailureTime_TakesItWhateverSince()
    {
        Assert.True(From(Since).Takes(AdEvents, null));
    }

    [Fact]
    public void Takes_WithSources_TakesOnlyThoseByExactName()
    {
        var filter = From(null, AdEvents, PurchaseEvents);

        Assert.True(filter.Takes(AdEvents, Since));
        Assert.True(filter.Takes(PurchaseEvents, Since));
        Assert.False(filter.Takes(WebsiteEvents, Since));
        Assert.False(filter.Takes("AD-EVENTS", Since));
    }

    [Fact]
    public void Takes_WithNoSources_TakesEverySource()
    {
        Assert.True(From(null).Takes("recompute-shards", Since));
    }
}
