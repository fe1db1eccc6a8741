using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class LogGammaTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(5, 24)]
    [InlineData(11, 3628800)]
    public void Of_WithInteger_IsLogOfFactorial(double x, double factorialOfXMinusOne)
    {
        // Γ(n) = (n - 1)!.
        Assert.Equal(Math.Log(factorialOfXMinusOne), LogGamma.Of(x), 1e-13);
    }

    [Fact]
    public void Of_WithHalf_IsLogOfRootPi()
    {
        // Γ(1/2) = √π (Abramowitz and Stegun 6.1.8); 0.25 goes through the reflection: Γ(1/4) = 3.6256099082219083119.
        Assert.Equal(0.5 * Math.Log(Math.PI), LogGamma.Of(0.5), 1e-14);
        Assert.Equal(Math.Log(3.6256099082219083119), LogGamma.Of(0.25), 1e-14);
    }

    [Fact]
    public void Of_WithLargeArgument_FollowsStirling()
    {
        // Γ(1001) = 1000! overflows a double; its log does not: Stirling's series ln n! = n ln n - n + ln(2πn)/2 + 1/(12n) - ...
        var n = 1000.0;
        var stirling = (n * Math.Log(n)) - n + (0.5 * Math.Log(2 * Math.PI * n)) + (1 / (12 * n)) - (1 / (360 * n * n * n));

        Assert.Equal(stirling, LogGamma.Of(n + 1), 1e-10);
    }
}
