using LifecycleFunctions.Storage.Events;

namespace LifecycleFunctions.IntegrationTests.Hosting;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("ajs-next-1700000000-abc", "ajs-next-1700000000-abc")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a#b?c\\d", "a%23b%3Fc%5Cd")]
    [InlineData("100%", "100%25")]
    [InlineData("a|b", "a%7Cb")]
    [InlineData("tab\there", "tab%09here")]
    public void Escape_WithCharactersTableStorageForbids_PercentEncodesThem(string input, string expected)
    {
        Assert.Equal(expected, TableKey.Escape(input));
    }

    [Fact]
    public void Escape_WithIdsThatDifferOnlyByEscapedCharacters_KeepsThemDistinct()
    {
        Assert.NotEqual(TableKey.Escape("a/b"), TableKey.Escape("a%2Fb"));
    }
}
