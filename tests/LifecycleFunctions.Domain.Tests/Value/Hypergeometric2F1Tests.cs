using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class Hypergeometric2F1Tests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void Series_WithOneOneTwo_IsMinusLogOfOneMinusZOverZ(double z)
    {
        // ₂F₁(1, 1; 2; z) = -ln(1 - z) / z (Abramowitz and Stegun 15.1.3), including z close to 1 where the series is slow.
        Assert.Equal(-Math.Log(1 - z) / z, Hypergeometric2F1.Series(1, 1, 2, z), 1e-12);
    }

    [Theory]
    [InlineData(0.3, 2.5, 0.4)]
    [InlineData(-0.7, 1.2, 0.95)]
    [InlineData(12.0, 40.0, 0.8)]
    public void Series_WithCEqualToB_IsPowerOfOneMinusZ(double a, double b, double z)
    {
        // ₂F₁(a, b; b; z) = (1 - z)^(-a) (Abramowitz and Stegun 15.1.8); a negative a makes terms change sign.
        Assert.Equal(Math.Pow(1 - z, -a), Hypergeometric2F1.Series(a, b, b, z), Math.Pow(1 - z, -a) * 1e-12);
    }

    [Fact]
    public void Series_WithNegativeIntegerParameter_IsThePolynomial()
    {
        // ₂F₁(-2, b; c; z) = 1 - 2bz/c + b(b+1)z²/(c(c+1)): the series stops after three terms.
        double b = 1.5, c = 2.5, z = 0.6;

        Assert.Equal(1 - (2 * b * z / c) + (b * (b + 1) * z * z / (c * (c + 1))), Hypergeometric2F1.Series(-2, b, c, z), 1e-15);
    }

    [Fact]
    public void Series_WithZOfOne_Throws()
    {
        Assert.Throws<ArithmeticException>(() => Hypergeometric2F1.Series(1, 1, 2, 1));
    }
}
