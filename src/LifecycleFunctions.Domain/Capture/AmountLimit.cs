using System.Globalization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// The largest amount (an order's, a refund's, an ad's cost, a price, a quantity) the app takes: ±1e15. A decimal holds
/// about 7.9e28, and the recompute adds amounts up (a person's revenue, a cohort's, a campaign's cost); bounded this way,
/// 79 trillion of them still fit, where two amounts near the decimal's limit would stop every night's run.
/// </summary>
public static class AmountLimit
{
    public const decimal Max = 1_000_000_000_000_000m;

    public const string Rule = "range";

    public static bool Exceeds(decimal value) => value > Max || value < -Max;

    public static string Describe(string field, decimal value) =>
        $"{field} {value.ToString(CultureInfo.InvariantCulture)} is beyond the ±{Max.ToString(CultureInfo.InvariantCulture)} an amount may be "
        + "(the recompute adds amounts up, and their sums must stay within what a decimal holds).";

    /// <summary>The amounts of a stored event past the limit (stored before capture checked it), each described.</summary>
    public static IReadOnlyList<string> Problems(CapturedEvent e)
    {
        var problems = new List<string>();
        if (e.Amount is { } amount && Exceeds(amount))
        {
            problems.Add(Describe(nameof(CapturedEvent.Amount), amount));
        }

        if (e.Cost is { } cost && Exceeds(cost))
        {
            problems.Add(Describe(nameof(CapturedEvent.Cost), cost));
        }

        return problems;
    }
}
