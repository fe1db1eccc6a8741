using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>P(alive) and the conditional expectation (Fader, Hardie and Lee 2005, equation 10), with the CDNOW estimates.</summary>
public sealed class BgNbdForecastTests
{
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    [Fact]
    public void PAlive_WithNoRepeat_IsOne()
    {
        // The model's definition: dropout happens only right after a repeat purchase.
        Assert.Equal(1.0, BgNbdForecast.PAlive(Cdnow, 0, 0, 38));
        Assert.Equal(1.0, BgNbdForecast.PAlive(Cdnow, 0, 0, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void PAliveAndExpectedPurchases_WithMoreRecentLastPurchase_Rise(int x)
    {
        // Recency: the same purchases, the last one later, leave less silence to explain by dropout.
        var recencies = Enumerable.Range(0, 9).Select(i => i * 4.0).ToList();

        var alive = recencies.Select(t => BgNbdForecast.PAlive(Cdnow, x, t, 36)).ToList();
        var expected = recencies.Select(t => BgNbdForecast.ExpectedPurchases(Cdnow, x, t, 36, 52)).ToList();

        AssertRising(alive);
        AssertRising(expected);
    }

    [Fact]
    public void PAliveAndExpectedPurchases_WithMoreRepeatsUpToToday_Rise()
    {
        // Frequency, the last purchase today (t_x = T): more purchases, a higher rate and no silence.
        var repeats = Enumerable.Range(1, 30).ToList();

        AssertRising(repeats.Select(x => BgNbdForecast.PAlive(Cdnow, x, 36, 36)).ToList());
        AssertRising(repeats.Select(x => BgNbdForecast.ExpectedPurchases(Cdnow, x, 36, 36, 52)).ToList());
    }

    [Fact]
    public void PAlive_WithLongSilence_FallsWithFrequency()
    {
        // The other side of frequency in the BG/NBD (Fader, Hardie and Lee 2005, section 5's discussion of P(alive)): a
        // frequent buyer silent for 31 of 36 weeks is more likely gone than an occasional one with the same silence.
        var alive = Enumerable.Range(1, 10).Select(x => BgNbdForecast.PAlive(Cdnow, x, 5, 36)).ToList();

        Assert.Equal(alive.OrderByDescending(a => a), alive);
        Assert.True(alive[^1] < alive[0]);
    }

    [Theory]
    [InlineData(0, 0, 38.86)]
    [InlineData(0, 0, 0)]
    [InlineData(1, 5, 20)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(6, 30, 31)]
    public void ExpectedPurchases_WithEulerTransformedSeries_EqualsEquationTen(int x, double recency, double age)
    {
        // Equation 10 as printed, with the untransformed ₂F₁(r + x, b + x; a + b + x - 1; z), which is well behaved for small x.
        var p = Cdnow;
        const double t = 39;
        var z = t / (p.Alpha + age + t);
        var printed = (p.A + p.B + x - 1) / (p.A - 1)
            * (1 - (Math.Pow((p.Alpha + age) / (p.Alpha + age + t), p.R + x) * Hypergeometric2F1.Series(p.R + x, p.B + x, p.A + p.B + x - 1, z)))
            / (1 + (x > 0 ? p.A / (p.B + x - 1) * Math.Pow((p.Alpha + age) / (p.Alpha + recency), p.R + x) : 0));

        Assert.Equal(printed, BgNbdForecast.ExpectedPurchases(p, x, recency, age, t), printed * 1e-10);
    }

    [Theory]
    [InlineData(0, 0, 10)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(20, 35, 36)]
    public void ExpectedPurchases_WithTinyHorizon_IsPAliveTimesThePosteriorRate(int x, double recency, double age)
    {
        // As t → 0, E[Y(t)] ≈ t P(alive) E[λ | x, T] with E[λ | x, T] = (r + x) / (α + T), the Gamma posterior mean.
        const double t = 1e-5;
        var rate = (Cdnow.R + x) / (Cdnow.Alpha + age);

        var expected = BgNbdForecast.ExpectedPurchases(Cdnow, x, recency, age, t);

        Assert.Equal(t * BgNbdForecast.PAlive(Cdnow, x, recency, age) * rate, expected, t * rate * 1e-3);
    }

    [Fact]
    public void ExpectedPurchases_WithManyRepeats_StaysFiniteAndBelowThePosteriorRate()
    {
        // x = 400 bought every day: the untransformed series' terms would grow like j^(r + x - a) and overflow.
        var expected = BgNbdForecast.ExpectedPurchases(Cdnow, 400, 57, 57.1, 52);

        Assert.True(double.IsFinite(expected));
        Assert.InRange(expected, 1, 52 * (Cdnow.R + 400) / (Cdnow.Alpha + 57.1));
    }

    [Fact]
    public void ExpectedPurchases_WithZeroHorizon_IsZero()
    {
        Assert.Equal(0, BgNbdForecast.ExpectedPurchases(Cdnow, 3, 10, 20, 0));
    }

    private static void AssertRising(IReadOnlyList<double> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            Assert.True(values[i] > values[i - 1], $"value {i} ({values[i]}) is not above value {i - 1} ({values[i - 1]})");
        }
    }
}
