using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// A customer's purchase days, distinct and in order, with the convention of <see cref="CustomerSummary"/>: several
/// orders on one day are one purchase, and the first day is the first purchase, not a repeat. What tracking and the
/// hold-out need, which the summary (as of one day) no longer has.
/// </summary>
public sealed class PurchaseHistory
{
    private readonly DateOnly[] days;

    private PurchaseHistory(string customerId, DateOnly[] days)
    {
        CustomerId = customerId;
        this.days = days;
    }

    public string CustomerId { get; }

    public DateOnly FirstPurchase => days[0];

    /// <summary>The purchase days after the first, in order.</summary>
    public IEnumerable<DateOnly> RepeatDays => days.Skip(1);

    /// <summary>Null when there is no day.</summary>
    public static PurchaseHistory? From(string customerId, IEnumerable<DateOnly> purchaseDays)
    {
        var distinct = purchaseDays.Distinct().Order().ToArray();
        return distinct.Length == 0 ? null : new PurchaseHistory(customerId, distinct);
    }

    /// <summary>The days of the orders that count as of the end of <paramref name="asOf"/>, as <see cref="CustomerSummary.FromOrders"/>.</summary>
    public static PurchaseHistory? FromOrders(string customerId, IEnumerable<OrderFact> orders, DateOnly asOf)
    {
        var end = StageClassifier.EndOf(asOf);
        return From(
            customerId,
            orders.Where(o => o.CountsBefore(end)).Select(o => StageClassifier.Day(o.CompletedAt!.Value)).Where(d => d <= asOf));
    }

    /// <summary>Repeat purchase days up to and including <paramref name="day"/> (x as of that day).</summary>
    public int RepeatsThrough(DateOnly day)
    {
        var index = Array.BinarySearch(days, day);
        var through = index >= 0 ? index + 1 : ~index;
        return Math.Max(0, through - 1);
    }

    /// <summary>The last purchase day up to and including <paramref name="day"/>; null before the first purchase.</summary>
    public DateOnly? LastThrough(DateOnly day)
    {
        var index = Array.BinarySearch(days, day);
        var through = index >= 0 ? index + 1 : ~index;
        return through == 0 ? null : days[through - 1];
    }
}
