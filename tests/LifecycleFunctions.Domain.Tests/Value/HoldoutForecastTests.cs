using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>
/// The hold-out comparison (Fader, Hardie and Lee 2005, section 5): the sum of the customers' conditional expectations
/// for weeks 40-78 against the repeat purchases they made then.
/// </summary>
public sealed class HoldoutForecastTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void Compare_WithCdnowSample_CountsTheHoldoutRepeatDays()
    {
        // Every repeat customer-day in the file less those of the calibration (Σ x).
        var customerDays = CdnowSample.Purchases.Select(p => (p.CustomerId, p.Date)).Distinct().Count();
        var holdoutRepeats = customerDays - CdnowSample.Calibration.Count - CdnowSample.Calibration.Sum(s => s.X);

        var comparison = HoldoutForecast.Compare(Cdnow, CdnowSample.Histories, CdnowSample.CalibrationEnd, CdnowSample.HoldoutEnd);

        Assert.Equal(2357, comparison.Customers);
        Assert.Equal(holdoutRepeats, comparison.Actual);
    }

    [Fact]
    public void Compare_WithCdnowSample_ExpectsTheSumOfConditionalExpectations()
    {
        // From the calibration summaries the fit used: E[Y(39) | x, t_x, T] summed (1997-09-30 to 1998-06-30 is 273 days).
        var sum = CdnowSample.Calibration.Sum(s => BgNbdForecast.ExpectedPurchases(Cdnow, s.X, s.Recency, s.Age, 39));

        var comparison = HoldoutForecast.Compare(Cdnow, CdnowSample.Histories, CdnowSample.CalibrationEnd, CdnowSample.HoldoutEnd);

        Assert.Equal(sum, comparison.Expected, sum * 1e-12);
        Assert.Equal(comparison.Expected - comparison.Actual, comparison.Error, 1e-9);
        Assert.Equal(100 * comparison.Error / comparison.Actual, comparison.PercentError!.Value, 1e-9);
    }

    [Fact]
    public void Compare_WithCdnowSample_IsNotTheTrackingCurvesHoldoutIncrease()
    {
        // Σ (E[X(T + 39)] - E[X(T)]) ignores each customer's history; the conditional sum is a different number.
        var tracked = CdnowSample.Calibration.Sum(s =>
            BgNbdExpectation.RepeatPurchases(Cdnow, s.Age + 39) - BgNbdExpectation.RepeatPurchases(Cdnow, s.Age));

        var comparison = HoldoutForecast.Compare(Cdnow, CdnowSample.Histories, CdnowSample.CalibrationEnd, CdnowSample.HoldoutEnd);

        Assert.True(Math.Abs(tracked - comparison.Expected) > 1, $"tracking {tracked}, conditional {comparison.Expected}");
    }

    [Fact]
    public void Compare_WithOneCustomer_UsesTheirCalibrationHistory()
    {
        // Bought on the 1st and 8th, calibration to the 15th (x = 1, t_x = 1 week, T = 2 weeks), then on the 16th and 20th.
        var customer = PurchaseHistory.From("a", [Day(1), Day(8), Day(16), Day(20)])!;

        var comparison = HoldoutForecast.Compare(Cdnow, [customer], Day(15), Day(29));

        Assert.Equal(1, comparison.Customers);
        Assert.Equal(2, comparison.Actual);
        Assert.Equal(BgNbdForecast.ExpectedPurchases(Cdnow, 1, 1, 2, 2), comparison.Expected, 1e-12);
    }

    [Fact]
    public void Compare_WithCustomerStartingInTheHoldout_LeavesThemOut()
    {
        // Not in the calibration cohort: the model has no T for them and their first purchase is not a repeat.
        var early = PurchaseHistory.From("early", [Day(1)])!;
        var late = PurchaseHistory.From("late", [Day(20), Day(22)])!;

        var comparison = HoldoutForecast.Compare(Cdnow, [early, late], Day(15), Day(29));

        Assert.Equal(1, comparison.Customers);
        Assert.Equal(0, comparison.Actual);
        Assert.Null(comparison.PercentError);
        Assert.Equal(BgNbdForecast.ExpectedPurchases(Cdnow, 0, 0, 2, 2), comparison.Expected, 1e-12);
    }

    [Fact]
    public void Compare_WithHoldoutNotAfterCalibration_Throws()
    {
        var customer = PurchaseHistory.From("a", [Day(1)])!;

        Assert.Throws<ArgumentException>(() => HoldoutForecast.Compare(Cdnow, [customer], Day(15), Day(15)));
    }

    private static DateOnly Day(int january) => new(2024, 1, january);
}
