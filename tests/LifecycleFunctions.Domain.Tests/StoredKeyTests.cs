using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public sealed class StoredKeyTests
{
    [Theory]
    [InlineData("ajs-next-1700000000-abc", "ajs-next-1700000000-abc")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a#b?c\\d", "a%23b%3Fc%5Cd")]
    [InlineData("100%", "100%25")]
    [InlineData("a|b", "a%7Cb")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("c1\u0085", "c1%85")]
    public void Escape_WithCharactersTableStorageForbids_PercentEncodesThem(string input, string expected)
    {
        Assert.Equal(expected, StoredKey.Escape(input));
    }

    [Fact]
    public void Escape_WithIdsThatDifferOnlyByEscapedCharacters_KeepsThemDistinct()
    {
        Assert.NotEqual(StoredKey.Escape("a/b"), StoredKey.Escape("a%2Fb"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a/b#c?d\\e%f|g")]
    [InlineData("\u0000\u001f\u007f\u009f")]
    [InlineData("émoji 😀 and ✓")]
    public void EscapedLength_WithAnyText_EqualsTheLengthOfTheEscape(string input)
    {
        Assert.Equal(StoredKey.Escape(input).Length, StoredKey.EscapedLength(input));
    }

    [Fact]
    public void EscapeOrDigest_WithIdThatFits_IsItsEscape()
    {
        Assert.Equal("m%2F1", StoredKey.EscapeOrDigest("m/1"));
    }

    [Fact]
    public void EscapeOrDigest_WithIdPastTheLimitOnceEscaped_IsAStableStorableKeyPerId()
    {
        var hostile = new string('%', 200);
        var other = new string('%', 199) + "/";

        var key = StoredKey.EscapeOrDigest(hostile);

        Assert.True(key.Length <= StoredKey.MaxLength, $"{key.Length} characters");
        Assert.Equal(key, StoredKey.EscapeOrDigest(hostile));
        Assert.NotEqual(key, StoredKey.EscapeOrDigest(other));
        Assert.StartsWith("%25%25", key, StringComparison.Ordinal);
        Assert.DoesNotContain('/', key);
    }

    [Fact]
    public void EscapeOrDigest_WithCutFallingInsideAnEscape_NeverLeavesHalfAnEscape()
    {
        // 199 plain characters then escapes: the 200-character prefix would end in "%2".
        var key = StoredKey.EscapeOrDigest(new string('x', 199) + new string('/', 200));

        var prefix = key[..key.IndexOf('~', StringComparison.Ordinal)];
        Assert.Equal(new string('x', 199), prefix);
    }
}
