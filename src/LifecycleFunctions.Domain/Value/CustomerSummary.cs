using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// What BG/NBD and Gamma-Gamma know of a customer as of a day (Fader, Hardie and Lee 2005, section 2): x the number
/// of repeat purchase days (days with a counted order after the first purchase day; several orders on one day are
/// one purchase, as in the published CDNOW fit), t_x the days from the first purchase day to the last, T the days
/// from the first purchase day to the as-of day, and the mean of what was spent on the repeat days (the first
/// purchase left out: Fader, Hardie and Lee 2005, "RFM and CLV", and Fader and Hardie 2013, "The Gamma-Gamma Model
/// of Monetary Value"). Days are whole UTC days and the gaps are differences of dates: a first purchase on
/// 1997-01-01 seen as of 1997-09-30 has T = 272 days (38.86 weeks, the paper's figure).
/// </summary>
public sealed record CustomerSummary(
    string CustomerId, DateOnly FirstPurchase, int RepeatDays, int RecencyDays, int AgeDays, decimal? MeanRepeatValue)
{
    /// <summary>x.</summary>
    public int X => RepeatDays;

    /// <summary>t_x in the models' unit (weeks).</summary>
    public double Recency => ModelTime.Weeks(RecencyDays);

    /// <summary>T in the models' unit (weeks).</summary>
    public double Age => ModelTime.Weeks(AgeDays);

    /// <summary>
    /// From a person's orders: those that count as of the end of <paramref name="asOf"/> (completed by then and not
    /// refunded in full before it), each day's amount net of the refunds applied by then. Null when none counts.
    /// </summary>
    public static CustomerSummary? FromOrders(string customerId, IEnumerable<OrderFact> orders, DateOnly asOf)
    {
        var end = StageClassifier.EndOf(asOf);
        return FromPurchases(
            customerId,
            orders.Where(o => o.CountsBefore(end)).Select(o => new DayPurchase(StageClassifier.Day(o.CompletedAt!.Value), o.NetAmountBefore(end))),
            asOf);
    }

    /// <summary>From dated amounts; those after <paramref name="asOf"/> are ignored. Null when none is left.</summary>
    public static CustomerSummary? FromPurchases(string customerId, IEnumerable<DayPurchase> purchases, DateOnly asOf)
    {
        var byDay = new SortedDictionary<DateOnly, decimal>();
        foreach (var purchase in purchases.Where(p => p.Day <= asOf))
        {
            byDay[purchase.Day] = byDay.GetValueOrDefault(purchase.Day) + purchase.Amount;
        }

        if (byDay.Count == 0)
        {
            return null;
        }

        var first = byDay.Keys.First();
        var last = byDay.Keys.Last();
        var repeats = byDay.Count - 1;
        decimal? mean = repeats == 0 ? null : byDay.Values.Skip(1).Sum() / repeats;
        return new CustomerSummary(customerId, first, repeats, last.DayNumber - first.DayNumber, asOf.DayNumber - first.DayNumber, mean);
    }
}
