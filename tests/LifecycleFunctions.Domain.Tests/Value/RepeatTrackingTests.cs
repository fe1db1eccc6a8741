using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>
/// The tracking series (Fader, Hardie and Lee 2005, Figure 3) on the CDNOW sample: weeks from 1997-01-01, calibration
/// weeks 1-39 (to 1997-09-30), hold-out weeks 40-78 (to 1998-06-30), with the published estimates.
/// </summary>
public sealed class RepeatTrackingTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    private static IReadOnlyList<TrackingPoint> Weekly(DateOnly horizon) =>
        RepeatTracking.Build(Cdnow, CdnowSample.Histories, TrackingPeriod.Week, CdnowSample.HoldoutEnd, horizon);

    [Fact]
    public void Build_WithCdnowSample_HasTheCalibrationAndHoldoutWeeks()
    {
        var weeks = Weekly(CdnowSample.HoldoutEnd);

        Assert.Equal(78, weeks.Count);
        Assert.Equal(new DateOnly(1997, 1, 1), weeks[0].PeriodStart);
        Assert.Equal(CdnowSample.CalibrationEnd, weeks[38].PeriodEnd);
        Assert.Equal(CdnowSample.HoldoutEnd, weeks[77].PeriodEnd);
        Assert.All(weeks, w => Assert.Equal(6, w.PeriodEnd.DayNumber - w.PeriodStart.DayNumber));
    }

    [Fact]
    public void Build_WithCdnowSample_CumulativeActualAtWeek39IsTheCalibrationRepeats()
    {
        // The same count the fit saw: Σ x over the calibration summaries.
        var weeks = Weekly(CdnowSample.HoldoutEnd);

        Assert.Equal(CdnowSample.Calibration.Sum(s => s.X), weeks[38].CumulativeActual);
    }

    [Fact]
    public void Build_WithCdnowSample_CumulativeActualAtWeek78IsEveryRepeatDayInTheFile()
    {
        // Counted from the file's lines directly: customer-days, less each customer's first.
        var customerDays = CdnowSample.Purchases.Select(p => (p.CustomerId, p.Date)).Distinct().Count();
        var customers = CdnowSample.Purchases.Select(p => p.CustomerId).Distinct().Count();

        var weeks = Weekly(CdnowSample.HoldoutEnd);

        Assert.Equal(customerDays - customers, weeks[77].CumulativeActual);
        Assert.Equal(weeks.Sum(w => w.Actual), weeks[77].CumulativeActual);
    }

    [Fact]
    public void Build_WithCdnowSample_CumulativeExpectedAtWeek39IsTheModelsCalibrationTotal()
    {
        // Σ E[X(T)] over the calibration summaries, T to 1997-09-30 as in the fit; close to the actual total, as the
        // paper's Figure 3 shows for the calibration weeks (the fit does not force them equal).
        var modelTotal = CdnowSample.Calibration.Sum(s => BgNbdExpectation.RepeatPurchases(Cdnow, s.Age));
        var actualTotal = CdnowSample.Calibration.Sum(s => s.X);

        var week39 = Weekly(CdnowSample.HoldoutEnd)[38];

        Assert.Equal(modelTotal, week39.CumulativeExpected, modelTotal * 1e-12);
        Assert.InRange(week39.CumulativeExpected, 0.97 * actualTotal, 1.03 * actualTotal);
    }

    [Fact]
    public void Build_WithCdnowSample_ExpectedPerWeekRisesWhileCustomersArriveAndThenFallsSmoothly()
    {
        // The last first purchase is on 1997-03-25, the end of week 12. From week 13 every customer's weeks are whole
        // and no one arrives, and each customer's expected weekly purchases fall (BgNbdExpectationTests), so the
        // population's do too, by a few per cent a week at most.
        var weeks = Weekly(CdnowSample.HoldoutEnd);
        var lastArrival = CdnowSample.Histories.Max(h => h.FirstPurchase);

        Assert.Equal(new DateOnly(1997, 3, 25), lastArrival);
        Assert.All(weeks, w => Assert.True(w.Expected >= 0));
        var afterArrivals = weeks.Where(w => w.PeriodStart > lastArrival).Select(w => w.Expected).ToList();
        Assert.Equal(66, afterArrivals.Count);
        for (var i = 1; i < afterArrivals.Count; i++)
        {
            Assert.InRange(afterArrivals[i], 0.95 * afterArrivals[i - 1], afterArrivals[i - 1]);
        }

        var arriving = weeks.Take(12).Select(w => w.Expected).ToList();
        Assert.Equal(arriving.Order(), arriving);
    }

    [Fact]
    public void Build_WithHorizonPastTheData_HasNoActualAfterTheData()
    {
        var weeks = Weekly(new DateOnly(1998, 12, 31));

        Assert.Equal(105, weeks.Count);
        Assert.All(weeks.Take(78), w => Assert.NotNull(w.Actual));
        Assert.All(weeks.Skip(78), w => Assert.Null(w.Actual));
        Assert.All(weeks.Skip(78), w => Assert.Null(w.CumulativeActual));
        Assert.Equal(new DateOnly(1998, 12, 31), weeks[^1].PeriodEnd);
        Assert.Equal(weeks.Select(w => w.CumulativeExpected).Order(), weeks.Select(w => w.CumulativeExpected));
    }

    [Fact]
    public void Build_WithMonths_EndsWithTheWeeksTotals()
    {
        // 1997-01-01 to 1998-06-30 is eighteen months and 78 weeks: both series end on the same day.
        var months = RepeatTracking.Build(Cdnow, CdnowSample.Histories, TrackingPeriod.Month, CdnowSample.HoldoutEnd, CdnowSample.HoldoutEnd);
        var weeks = Weekly(CdnowSample.HoldoutEnd);

        Assert.Equal(18, months.Count);
        Assert.Equal(new DateOnly(1997, 2, 1), months[1].PeriodStart);
        Assert.Equal(new DateOnly(1997, 2, 28), months[1].PeriodEnd);
        Assert.Equal(weeks[^1].CumulativeExpected, months[^1].CumulativeExpected, weeks[^1].CumulativeExpected * 1e-12);
        Assert.Equal(weeks[^1].CumulativeActual, months[^1].CumulativeActual);
        Assert.Equal(months.Sum(m => m.Expected), months[^1].CumulativeExpected, 1e-9);
    }

    [Fact]
    public void Build_WithTwoCustomers_CountsOneRepeatPerDayAndNotTheFirstPurchase()
    {
        var a = PurchaseHistory.From("a", [Day(1), Day(1), Day(3), Day(10)])!;
        var b = PurchaseHistory.From("b", [Day(5), Day(5), Day(20)])!;

        var weeks = RepeatTracking.Build(Cdnow, [a, b], TrackingPeriod.Week, Day(21), Day(21));

        Assert.Equal([1, 1, 1], weeks.Select(w => w.Actual));
        Assert.Equal([1, 2, 3], weeks.Select(w => w.CumulativeActual));
        // As of January 7th, a has been a customer for 6 days and b for 2.
        var first = BgNbdExpectation.RepeatPurchases(Cdnow, 6 / 7.0) + BgNbdExpectation.RepeatPurchases(Cdnow, 2 / 7.0);
        Assert.Equal(first, weeks[0].Expected, 1e-12);
        var third = BgNbdExpectation.RepeatPurchases(Cdnow, 20 / 7.0) + BgNbdExpectation.RepeatPurchases(Cdnow, 16 / 7.0);
        Assert.Equal(third, weeks[2].CumulativeExpected, 1e-12);
    }

    [Fact]
    public void Build_WithNoCustomers_IsEmpty()
    {
        Assert.Empty(RepeatTracking.Build(Cdnow, [], TrackingPeriod.Week, Day(1), Day(30)));
    }

    private static DateOnly Day(int january) => new(2024, 1, january);
}
