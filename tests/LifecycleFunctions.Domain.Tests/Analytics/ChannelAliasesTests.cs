using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class ChannelAliasesTests
{
    [Fact]
    public void Canonical_WithAnAliasInAnyCase_GivesItsChannelInLowerCase()
    {
        var channels = new ChannelAliases(["Google-Ads=Google", " meta = facebook "]);

        Assert.Equal("google", channels.Canonical("google-ads"));
        Assert.Equal("google", channels.Canonical("GOOGLE-ADS"));
        Assert.Equal("facebook", channels.Canonical("meta"));
        Assert.Equal(2, channels.Count);
    }

    [Fact]
    public void Canonical_WithAChannelThatIsNoAlias_GivesItUnchanged()
    {
        var channels = new ChannelAliases(["google-ads=google"]);

        Assert.Equal("google", channels.Canonical("google"));
        Assert.Equal("newsletter", channels.Canonical("newsletter"));
        Assert.Equal("direct", ChannelAliases.None.Canonical("direct"));
    }

    [Theory]
    [InlineData("google-ads")]
    [InlineData("google-ads=")]
    [InlineData("=google")]
    [InlineData(" = ")]
    public void Constructor_WithAnEntryThatIsNotAliasEqualsChannel_ThrowsNamingIt(string entry)
    {
        var error = Assert.Throws<ArgumentException>(() => new ChannelAliases([entry]));

        Assert.Contains($"'{entry}' is not 'alias=channel'", error.Message);
    }

    [Fact]
    public void Constructor_WithAnAliasOfAnAlias_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => new ChannelAliases(["adwords=google-ads", "google-ads=google"]));

        Assert.Contains("'adwords' maps to 'google-ads', which is itself an alias (of 'google')", error.Message);
    }

    [Fact]
    public void Constructor_WithEmptySlots_SkipsThem()
    {
        // The Bicep template writes five slots; the unused ones are empty app settings.
        var channels = new ChannelAliases(["google-ads=google", "", "", "", ""]);

        Assert.Equal(1, channels.Count);
    }

    [Fact]
    public void Constructor_WithAChannelNamedAsItself_IsAccepted()
    {
        var channels = new ChannelAliases(["google=google", "google-ads=google"]);

        Assert.Equal("google", channels.Canonical("google-ads"));
    }
}
