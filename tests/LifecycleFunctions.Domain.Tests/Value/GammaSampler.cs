namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>Seeded Gamma draws for the simulated customers.</summary>
public static class GammaSampler
{
    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000), with the boost U^(1/shape) for shape &lt; 1.</summary>
    public static double Draw(Random random, double shape)
    {
        if (shape < 1)
        {
            return Draw(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double normal, v;
            do
            {
                normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + (c * normal);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * normal * normal) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
