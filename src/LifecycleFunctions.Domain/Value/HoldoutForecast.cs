namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The hold-out test of Fader, Hardie and Lee (2005, section 5): each customer's conditional expectation for the
/// hold-out given their calibration history, E[Y(t) | x, t_x, T] (<see cref="BgNbdForecast.ExpectedPurchases"/>),
/// summed over the customers, against the repeat purchases they made in it. The sum of conditional expectations, not
/// Σ (E[X(T + t)] - E[X(T)]): the unconditional difference ignores what each customer's past says about their rate and
/// whether they are still alive, and is the tracking plot's forecast (<see cref="RepeatTracking"/>), not this one.
/// </summary>
public static class HoldoutForecast
{
    public static HoldoutComparison Compare(
        BgNbdParameters p, IEnumerable<PurchaseHistory> customers, DateOnly calibrationEnd, DateOnly holdoutEnd)
    {
        if (holdoutEnd <= calibrationEnd)
        {
            throw new ArgumentException($"The hold-out must end after the calibration ({calibrationEnd}), got {holdoutEnd}.", nameof(holdoutEnd));
        }

        var horizon = ModelTime.Weeks(holdoutEnd.DayNumber - calibrationEnd.DayNumber);
        var count = 0;
        var expected = 0.0;
        var actual = 0;
        foreach (var customer in customers.Where(c => c.FirstPurchase <= calibrationEnd))
        {
            var x = customer.RepeatsThrough(calibrationEnd);
            var recency = customer.LastThrough(calibrationEnd)!.Value.DayNumber - customer.FirstPurchase.DayNumber;
            var age = calibrationEnd.DayNumber - customer.FirstPurchase.DayNumber;
            expected += BgNbdForecast.ExpectedPurchases(p, x, ModelTime.Weeks(recency), ModelTime.Weeks(age), horizon);
            actual += customer.RepeatsThrough(holdoutEnd) - x;
            count++;
        }

        var error = expected - actual;
        return new HoldoutComparison(calibrationEnd, holdoutEnd, count, expected, actual, error, actual == 0 ? null : 100 * error / actual);
    }
}
