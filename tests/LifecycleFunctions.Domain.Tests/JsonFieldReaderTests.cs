using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public sealed class JsonFieldReaderTests
{
    [Theory]
    [InlineData("11/23/2026")]
    [InlineData("23 Nov 2026")]
    [InlineData("2026/11/23")]
    public void OptionalTimestamp_WithNonIsoDate_ReportsIso8601Rule(string text)
    {
        var reader = new JsonFieldReader();

        var value = reader.OptionalTimestamp(Parse($"{{\"timestamp\":\"{text}\"}}"), "timestamp");

        Assert.Null(value);
        Assert.Equal("iso-8601", Assert.Single(reader.Errors).Rule);
    }

    [Theory]
    [InlineData("2026-11-23", "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-23T10:15:00+01:00", "2026-11-23T09:15:00Z")]
    [InlineData("2026-11-23T10:15:00.123Z", "2026-11-23T10:15:00.123Z")]
    public void OptionalTimestamp_WithIsoDate_ParsesToUtc(string text, string expected)
    {
        var reader = new JsonFieldReader();

        var value = reader.OptionalTimestamp(Parse($"{{\"timestamp\":\"{text}\"}}"), "timestamp");

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void RequiredText_WithBlankString_ReportsRequired()
    {
        var reader = new JsonFieldReader();

        var value = reader.RequiredText(Parse("{\"userId\":\"   \"}"), "userId");

        Assert.Null(value);
        Assert.Equal("required", Assert.Single(reader.Errors).Rule);
    }

    [Fact]
    public void OptionalNumber_WithNumberBeyondDecimalRange_ReportsRange()
    {
        var reader = new JsonFieldReader();

        var value = reader.OptionalNumber(Parse("{\"amount\":1e400}"), "amount");

        Assert.Null(value);
        var error = Assert.Single(reader.Errors);
        Assert.Equal("range", error.Rule);
        Assert.Contains("1e400", error.Detail, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
