using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class JsonTextTests
{
    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
    [InlineData("null", null)]
    public void TryRead_WithText_GivesIt(string json, string? expected)
    {
        Assert.True(JsonText.TryRead(JsonDocument.Parse(json).RootElement, out var text));
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"a\\udc00b\"")]
    [InlineData("\"\\ud83d\\u0041\"")]
    public void TryRead_WithAnUnpairedSurrogateEscape_RefusesInsteadOfThrowing(string json)
    {
        Assert.False(JsonText.TryRead(JsonDocument.Parse(json).RootElement, out var text));
        Assert.Null(text);
        Assert.Null(JsonText.OrNull(JsonDocument.Parse(json).RootElement));
    }
}
