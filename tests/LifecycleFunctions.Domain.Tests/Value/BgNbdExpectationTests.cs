using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>E[X(t)], the unconditional expectation (Fader, Hardie and Lee 2005, equation 7), with the CDNOW estimates.</summary>
public sealed class BgNbdExpectationTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RepeatPurchases_WithNoTime_IsZero(double t)
    {
        Assert.Equal(0, BgNbdExpectation.RepeatPurchases(Cdnow, t));
    }

    [Fact]
    public void RepeatPurchases_WithTinyTime_IsTheMeanRateTimesTime()
    {
        // Everyone is alive at first (dropout follows a repeat purchase), so E[X(t)] ≈ E[λ] t = r t / α.
        const double t = 1e-6;

        Assert.Equal(Cdnow.R / Cdnow.Alpha * t, BgNbdExpectation.RepeatPurchases(Cdnow, t), Cdnow.R / Cdnow.Alpha * t * 1e-4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(39)]
    [InlineData(78)]
    public void RepeatPurchases_WithEulerTransformedSeries_EqualsEquationSevenAsPrinted(double t)
    {
        // Equation 7 with the untransformed ₂F₁(r, b; a + b - 1; z): its terms fall like j^(r - a) z^j for these parameters.
        var p = Cdnow;
        var z = t / (p.Alpha + t);
        var printed = (p.A + p.B - 1) / (p.A - 1)
            * (1 - (Math.Pow(p.Alpha / (p.Alpha + t), p.R) * Hypergeometric2F1.Series(p.R, p.B, p.A + p.B - 1, z)));

        Assert.Equal(printed, BgNbdExpectation.RepeatPurchases(p, t), printed * 1e-10);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(39)]
    [InlineData(78)]
    [InlineData(520)]
    public void RepeatPurchases_WithCdnowParameters_EqualsTheModelsIntegralOverDropout(double t)
    {
        // An independent route: the integral of (1 - (α / (α + pt))^r) / p over p ~ Beta(a, b), by quadrature.
        var integral = BgNbdIntegral.RepeatPurchases(Cdnow, t);

        Assert.Equal(integral, BgNbdExpectation.RepeatPurchases(Cdnow, t), integral * 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(39)]
    [InlineData(52)]
    public void RepeatPurchases_WithNewCustomer_EqualsTheConditionalExpectationWithNothingSeen(double t)
    {
        // A customer who bought for the first time today (x = 0, t_x = T = 0) is, to the model, a randomly chosen one.
        Assert.Equal(BgNbdForecast.ExpectedPurchases(Cdnow, 0, 0, 0, t), BgNbdExpectation.RepeatPurchases(Cdnow, t), 1e-12);
    }

    [Fact]
    public void RepeatPurchases_WithAAboveOne_ApproachesTheExpectedPurchasesBeforeDropout()
    {
        // With p fixed a customer makes 1/p repeat purchases on average before dropping out, and E[1/p] = (a + b - 1) / (a - 1)
        // for p ~ Beta(a, b) with a > 1: the long-run limit of E[X(t)]. Here (3 + 2 - 1) / (3 - 1) = 2.
        var p = new BgNbdParameters(1, 1, 3, 2);

        var values = new[] { 10.0, 100, 1000, 10_000 }.Select(t => BgNbdExpectation.RepeatPurchases(p, t)).ToList();

        Assert.Equal(values.Order(), values);
        Assert.All(values, v => Assert.True(v < 2));
        Assert.Equal(2, values[^1], 1e-3);
    }

    [Fact]
    public void RepeatPurchases_WithCdnowParameters_RisesByLessEachWeek()
    {
        // With a < 1, E[1/p] is infinite and E[X(t)] has no limit, but it grows ever more slowly: dropouts accumulate
        // and the survivors are the slower buyers.
        var cumulative = Enumerable.Range(0, 261).Select(w => BgNbdExpectation.RepeatPurchases(Cdnow, w)).ToList();
        var weekly = cumulative.Skip(1).Zip(cumulative, (later, earlier) => later - earlier).ToList();

        Assert.All(weekly, w => Assert.True(w > 0));
        Assert.Equal(weekly.OrderDescending(), weekly);
    }
}
