namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The tracking plot of Fader, Hardie and Lee (2005, Figure 3) for any data: per period from the first purchase in the
/// data to a horizon, the repeat purchases the model expects of the whole population next to those made. As of the
/// end of a day d, a customer whose first purchase was on day f is expected to have made E[X((d - f) / 7)] repeat
/// purchases (<see cref="BgNbdExpectation"/>), the same date difference in weeks as T in the fit, so at the
/// calibration end the expected total is Σ E[X(T)] over the calibration summaries. Actual repeats are the customers'
/// purchase days after their first (<see cref="PurchaseHistory"/>), one per customer-day, as x counts them.
/// </summary>
public static class RepeatTracking
{
    /// <param name="observedThrough">The last day the data covers: later periods have no actual figures.</param>
    /// <param name="horizon">The last day tracked; the last period is cut there.</param>
    public static IReadOnlyList<TrackingPoint> Build(
        BgNbdParameters p, IEnumerable<PurchaseHistory> customers, TrackingPeriod period, DateOnly observedThrough, DateOnly horizon)
    {
        var cohort = customers.ToList();
        if (cohort.Count == 0)
        {
            return [];
        }

        // Customers who started on the same day share every expectation: the sums run over first-purchase days.
        var startedOn = cohort.GroupBy(c => c.FirstPurchase).Select(g => (Day: g.Key, Customers: g.Count())).OrderBy(g => g.Day).ToList();
        var repeatsOn = cohort.SelectMany(c => c.RepeatDays).Where(d => d <= observedThrough)
            .GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        var expectationByAge = new Dictionary<int, double>();

        double CumulativeExpected(DateOnly end) => startedOn
            .TakeWhile(s => s.Day <= end)
            .Sum(s => s.Customers * ExpectedAtAge(p, end.DayNumber - s.Day.DayNumber, expectationByAge));

        var points = new List<TrackingPoint>();
        var start = startedOn[0].Day;
        var cumulativeExpected = 0.0;
        var cumulativeActual = 0;
        for (var k = 0; PeriodStart(start, period, k) <= horizon; k++)
        {
            var from = PeriodStart(start, period, k);
            var to = Min(PeriodStart(start, period, k + 1).AddDays(-1), horizon);
            var expectedThrough = CumulativeExpected(to);
            var actual = repeatsOn.Where(r => r.Key >= from && r.Key <= to).Sum(r => r.Value);
            cumulativeActual += actual;
            var observed = to <= observedThrough;
            points.Add(new TrackingPoint(
                from, to, expectedThrough - cumulativeExpected, observed ? actual : null, expectedThrough, observed ? cumulativeActual : null));
            cumulativeExpected = expectedThrough;
        }

        return points;
    }

    private static DateOnly PeriodStart(DateOnly start, TrackingPeriod period, int k) => period switch
    {
        TrackingPeriod.Week => start.AddDays(7 * k),
        TrackingPeriod.Month => start.AddMonths(k),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown tracking period."),
    };

    private static double ExpectedAtAge(BgNbdParameters p, int days, Dictionary<int, double> cache)
    {
        if (!cache.TryGetValue(days, out var expected))
        {
            expected = BgNbdExpectation.RepeatPurchases(p, ModelTime.Weeks(days));
            cache[days] = expected;
        }

        return expected;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a <= b ? a : b;
}
