using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class CustomerValueScorerTests
{
    private static readonly BgNbdParameters Bg = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaParameters Gg = new(6.25, 3.74, 15.44);
    private static readonly DateOnly First = new(1997, 1, 1);

    private static CustomerValueModel Model() => new(
        CdnowSample.CalibrationEnd,
        new BgNbdFit(Bg, new FitOutcome(-9582.4, 300, true), 2357, 946),
        new GammaGammaFit(Gg, new FitOutcome(-4055.9, 200, true), 946));

    [Fact]
    public void Score_WithCustomer_CombinesTheFormulas()
    {
        var customer = new CustomerSummary("c", First, 2, 213, 272, 25m);
        var options = new CustomerValueOptions();

        var value = CustomerValueScorer.Score(Model(), [customer], options).Single();

        Assert.Equal(BgNbdForecast.PAlive(Bg, 2, 213 / 7.0, 272 / 7.0), value.PAlive);
        Assert.Equal(BgNbdForecast.ExpectedPurchases(Bg, 2, 213 / 7.0, 272 / 7.0, 90 / 7.0), value.ExpectedPurchasesShort);
        Assert.Equal(BgNbdForecast.ExpectedPurchases(Bg, 2, 213 / 7.0, 272 / 7.0, 365 / 7.0), value.ExpectedPurchasesLong);
        Assert.Equal(Gg.ExpectedValue(2, 25), value.ExpectedOrderValue);
        Assert.Equal(DiscountedPurchases.Of(Bg, customer, 12, 0.10) * Gg.ExpectedValue(2, 25), value.Clv, 1e-9);
    }

    [Fact]
    public void Score_WithNoRepeat_IsAliveAndValuedAtThePopulationMean()
    {
        var value = CustomerValueScorer.Score(Model(), [new CustomerSummary("c", First, 0, 0, 272, null)], new CustomerValueOptions()).Single();

        Assert.Equal(1.0, value.PAlive);
        Assert.Equal(Gg.PopulationMean, value.ExpectedOrderValue);
        Assert.True(value.Clv > 0);
    }

    [Fact]
    public void DiscountedPurchases_WithNoDiscount_IsTheYearsExpectation()
    {
        // Undiscounted, the twelve monthly differences add up to E[Y(365 days)].
        var customer = new CustomerSummary("c", First, 3, 200, 272, 25m);

        Assert.Equal(
            BgNbdForecast.ExpectedPurchases(Bg, 3, 200 / 7.0, 272 / 7.0, 365 / 7.0),
            DiscountedPurchases.Of(Bg, customer, 12, 0),
            1e-12);
    }

    [Fact]
    public void DiscountedPurchases_WithTenPercent_LiesBetweenTheYearsExpectationAndItsYearEndDiscount()
    {
        // Purchases spread over the year are discounted by less than a year and by at least a month.
        var customer = new CustomerSummary("c", First, 3, 200, 272, 25m);
        var year = BgNbdForecast.ExpectedPurchases(Bg, 3, 200 / 7.0, 272 / 7.0, 365 / 7.0);

        Assert.InRange(DiscountedPurchases.Of(Bg, customer, 12, 0.10), year / 1.10, year / Math.Pow(1.10, 1 / 12.0));
    }
}
