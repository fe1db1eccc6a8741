using System.Globalization;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// An order (or one refund of it) counts once: the first report wins. A later report that states a different
/// amount or currency is not a harmless duplicate, though: one of the senders is wrong, and if the second
/// report vanished nobody would ever find out which. This says what the disagreement is, for an operator.
/// </summary>
public static class OrderConflict
{
    /// <summary>How every conflict's reason ends: a replay knows the record from it, and leaves it for an operator to decide.</summary>
    public const string KeptOnly = "The first report counts; this one is kept here only.";

    /// <param name="later">The report that arrived after the order was claimed by another one.</param>
    /// <param name="capturedAmount">The amount of the report that counts; null when it stated none (a full refund).</param>
    /// <param name="capturedCurrency">Its currency; null when it stated none.</param>
    /// <param name="capturedSource">Where the report that counts came from (website, orders), when known.</param>
    /// <returns>Why <paramref name="later"/> contradicts the captured report, or null when it agrees (a true duplicate).</returns>
    public static string? Explain(CapturedEvent later, decimal? capturedAmount, string? capturedCurrency, string? capturedSource)
    {
        // A figure only one side states is not a contradiction: the website often leaves out the currency, and
        // a refund without an amount is the whole order, which the other side may well have spelt out.
        var amountDiffers = later.Amount is { } amount && capturedAmount is { } captured && amount != captured;
        var currencyDiffers = later.Currency is { } currency && capturedCurrency is { } capturedIn
                              && !string.Equals(currency, capturedIn, StringComparison.OrdinalIgnoreCase);
        if (!amountDiffers && !currencyDiffers)
        {
            return null;
        }

        var what = later.Type == EventTypes.OrderRefunded
            ? later.RefundId is { } refundId ? $"refund {refundId} of order {later.OrderId}" : $"the refund of order {later.OrderId}"
            : $"order {later.OrderId}";
        var from = capturedSource is null ? string.Empty : $" (reported by {capturedSource})";
        return $"{what} was already captured with {Figures(capturedAmount, capturedCurrency)}{from}; this message says "
               + $"{Figures(later.Amount, later.Currency)}. {KeptOnly}";
    }

    private static string Figures(decimal? amount, string? currency) =>
        (amount, currency) switch
        {
            ({ } a, { } c) => $"amount {a.ToString(CultureInfo.InvariantCulture)} {c}",
            ({ } a, null) => $"amount {a.ToString(CultureInfo.InvariantCulture)}",
            (null, { } c) => $"no amount, currency {c}",
            _ => "no amount",
        };
}
