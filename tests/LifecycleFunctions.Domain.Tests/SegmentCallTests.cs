using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public class SegmentCallTests
{
    [Theory]
    [InlineData("track", EventTypes.Track)]
    [InlineData("identify", EventTypes.Identify)]
    [InlineData("page", EventTypes.Page)]
    [InlineData("screen", EventTypes.Screen)]
    [InlineData("group", EventTypes.Group)]
    [InlineData("alias", EventTypes.Alias)]
    public void TryResolve_WithFullCallName_ReturnsType(string name, string expected)
    {
        Assert.True(SegmentCall.TryResolve(name, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("t", EventTypes.Track)]
    [InlineData("i", EventTypes.Identify)]
    [InlineData("p", EventTypes.Page)]
    [InlineData("s", EventTypes.Screen)]
    [InlineData("g", EventTypes.Group)]
    [InlineData("a", EventTypes.Alias)]
    public void TryResolve_WithAnalyticsJsShortName_ReturnsType(string name, string expected)
    {
        Assert.True(SegmentCall.TryResolve(name, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("TRACK", EventTypes.Track)]
    [InlineData("Identify", EventTypes.Identify)]
    [InlineData("T", EventTypes.Track)]
    public void TryResolve_WithOtherCase_ReturnsType(string name, string expected)
    {
        Assert.True(SegmentCall.TryResolve(name, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("import")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData(" track")]
    [InlineData(null)]
    public void TryResolve_WithUnknownName_ReturnsFalseAndEmptyType(string? name)
    {
        Assert.False(SegmentCall.TryResolve(name, out var type));
        Assert.Equal(string.Empty, type);
    }

    [Fact]
    public void Names_Always_ListsSixFullAndSixShortNames()
    {
        Assert.Equal(12, SegmentCall.Names.Count);
        Assert.Equal(6, SegmentCall.Names.Count(n => n.Length == 1));
        Assert.Contains("screen", SegmentCall.Names);
        Assert.Contains("g", SegmentCall.Names);
    }
}
