using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>Equation 6 of Fader, Hardie and Lee (2005) worked by hand: L = A1 A2 (A3 + [x &gt; 0] A4).</summary>
public sealed class BgNbdLikelihoodTests
{
    private static readonly BgNbdParameters Ones = new(1, 1, 1, 1);

    [Fact]
    public void Of_WithNoRepeatAndUnitParameters_IsOneHalf()
    {
        // x = 0, T = 1: A1 = α^r = 1, A2 = Γ(a+b)Γ(b)/(Γ(b)Γ(a+b)) = 1, A3 = (1/(α+T))^r = 1/2, no A4: L = 1/2 (no dropout
        // term: the model lets a customer drop out only after a repeat purchase).
        Assert.Equal(Math.Log(0.5), BgNbdLikelihood.Of(Ones, 0, 0, 1), 1e-14);
    }

    [Fact]
    public void Of_WithOneRepeatAndUnitParameters_IsLogThirteenOverSeventyTwo()
    {
        // x = 1, t_x = 1, T = 2: A1 = Γ(2)/Γ(1) = 1, A2 = Γ(2)Γ(2)/(Γ(1)Γ(3)) = 1/2, A3 = (1/3)² = 1/9,
        // A4 = 1/(1 + 1 - 1) (1/2)² = 1/4; L = 1/2 (1/9 + 1/4) = 13/72.
        Assert.Equal(Math.Log(13.0 / 72), BgNbdLikelihood.Of(Ones, 1, 1, 2), 1e-14);
    }

    [Fact]
    public void Of_WithNoRepeatAndOtherParameters_IsNineSixteenths()
    {
        // r = 2, α = 3, a = 1, b = 2, x = 0, T = 1: A1 = Γ(2)·3²/Γ(2) = 9, A2 = Γ(3)Γ(2)/(Γ(2)Γ(3)) = 1, A3 = (1/4)².
        Assert.Equal(Math.Log(9.0 / 16), BgNbdLikelihood.Of(new BgNbdParameters(2, 3, 1, 2), 0, 0, 1), 1e-14);
    }

    [Fact]
    public void Of_WithTwoRepeats_IsTheHandComputedValue()
    {
        // r = 2, α = 1, a = 2, b = 3, x = 2, t_x = 1, T = 3: A1 = Γ(4)/Γ(2) = 6, A2 = Γ(5)Γ(5)/(Γ(3)Γ(7)) = 576/1440 = 2/5,
        // A3 = (1/4)^4 = 1/256, A4 = 2/(3 + 2 - 1) (1/2)^4 = 1/32; L = 6 · 2/5 · (1/256 + 8/256) = 12/5 · 9/256 = 27/320.
        Assert.Equal(Math.Log(27.0 / 320), BgNbdLikelihood.Of(new BgNbdParameters(2, 1, 2, 3), 2, 1, 3), 1e-14);
    }

    [Fact]
    public void Total_WithCountedRows_IsTheCountTimesEachRow()
    {
        var p = new BgNbdParameters(0.5, 4, 0.8, 2.5);
        BgNbdRow[] rows = [new(0, 0, 30, 3), new(2, 10, 30, 2)];

        var expected = (3 * BgNbdLikelihood.Of(p, 0, 0, 30)) + (2 * BgNbdLikelihood.Of(p, 2, 10, 30));

        Assert.Equal(expected, BgNbdLikelihood.Total(p, rows), 1e-12);
    }

    [Fact]
    public void Of_WithManyRepeats_StaysFinite()
    {
        // x = 500: Γ(r + x) and the powers of (α + T) are far beyond a double; in log space they are not.
        var value = BgNbdLikelihood.Of(new BgNbdParameters(0.24, 4.4, 0.79, 2.4), 500, 500, 520);

        Assert.True(double.IsFinite(value));
    }
}
