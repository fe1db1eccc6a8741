using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

/// <summary>Assertions on the errors of an <see cref="EventParseResult"/>, by field path and rule.</summary>
internal static class ErrorAssert
{
    /// <summary>The result is invalid with exactly one error, on <paramref name="field"/> breaking <paramref name="rule"/>.</summary>
    public static void Single(EventParseResult result, string field, string rule)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Event);
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, rule), (error.Field, error.Rule));
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
    }

    /// <summary>The result is invalid and among its errors is one on <paramref name="field"/> breaking <paramref name="rule"/>.</summary>
    public static void Contains(EventParseResult result, string field, string rule)
    {
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field && e.Rule == rule);
    }

    /// <summary>The result is invalid with exactly these (field, rule) errors, in any order.</summary>
    public static void Exactly(EventParseResult result, params (string Field, string Rule)[] expected)
    {
        Assert.False(result.IsValid);
        var actual = result.Errors.Select(e => (e.Field, e.Rule)).OrderBy(e => e.Field, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal);
        var wanted = expected.OrderBy(e => e.Field, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal);
        Assert.Equal(wanted, actual);
    }

    public static CapturedEvent Valid(EventParseResult result)
    {
        Assert.True(result.IsValid, result.IsValid ? string.Empty : result.Describe());
        Assert.Empty(result.Errors);
        return result.Event!;
    }
}
