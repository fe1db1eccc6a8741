using System.Globalization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Whether a number's text is the decimal it was read as. decimal holds 28-29 significant digits and nothing
/// below 1e-28: System.Text.Json and decimal.Parse round what does not fit (1e-30 becomes 0) without a word,
/// and an amount stored changed is worse than one refused.
/// </summary>
public static class ExactDecimal
{
    public const string PrecisionRule = "precision";

    /// <param name="text">A JSON number, or the text decimal.Parse took with NumberStyles.Float.</param>
    public static bool Matches(string text, decimal value) =>
        Normalize(text) is { } sent && Normalize(value.ToString(CultureInfo.InvariantCulture)) is { } read && sent == read;

    /// <summary>The number as (sign, significant digits, exponent of the last digit); zero is ("", 0) whatever its sign or exponent.</summary>
    private static (bool Negative, string Digits, long Exponent)? Normalize(string text)
    {
        var s = text.AsSpan().Trim();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        long exponent = 0;
        var e = s.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!long.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return null;
            }

            s = s[..e];
        }

        var point = s.IndexOf('.');
        string digits;
        if (point >= 0)
        {
            digits = string.Concat(s[..point], s[(point + 1)..]);
            exponent -= s.Length - point - 1;
        }
        else
        {
            digits = s.ToString();
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        digits = digits.TrimStart('0');
        var significant = digits.TrimEnd('0');
        if (significant.Length == 0)
        {
            return (false, string.Empty, 0);
        }

        return (negative, significant, exponent + (digits.Length - significant.Length));
    }
}
