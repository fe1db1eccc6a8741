using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

public sealed class NelderMeadTests
{
    [Fact]
    public void Minimise_WithRosenbrock_FindsOneOne()
    {
        // The Rosenbrock valley (minimum 0 at (1, 1)), the classic test that a simplex search follows a curved valley.
        static double Rosenbrock(double[] v) => (100 * Math.Pow(v[1] - (v[0] * v[0]), 2)) + Math.Pow(1 - v[0], 2);

        var minimum = NelderMead.Minimise(Rosenbrock, [-1.2, 1.0]);

        Assert.True(minimum.Converged);
        Assert.Equal(1, minimum.Point[0], 1e-5);
        Assert.Equal(1, minimum.Point[1], 1e-5);
    }

    [Fact]
    public void Minimise_WithTooFewIterations_ReportsNotConverged()
    {
        var minimum = NelderMead.Minimise(v => (v[0] * v[0]) + (v[1] * v[1]), [5.0, 5.0], maxIterations: 3);

        Assert.False(minimum.Converged);
        Assert.Equal(3, minimum.Iterations);
    }
}
