namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// Minimises a function of a few unconstrained variables by the Nelder-Mead simplex (Nelder and Mead 1965, with the
/// standard coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2; as in Lagarias et al. 1998). The
/// likelihoods here have four or three parameters and no cheap gradient, which is the case the method is for.
/// Converged: the values at the simplex's vertices agree within <c>valueTolerance</c> (relative) and its vertices
/// within <c>pointTolerance</c>. The search is restarted from its result until a restart no longer improves it, so
/// a simplex that collapsed early is not taken for a minimum.
/// </summary>
public static class NelderMead
{
    public static Minimum Minimise(
        Func<double[], double> function,
        IReadOnlyList<double> start,
        int maxIterations = 5_000,
        double valueTolerance = 1e-12,
        double pointTolerance = 1e-9,
        double initialStep = 0.5)
    {
        var best = Run(function, [.. start], maxIterations, valueTolerance, pointTolerance, initialStep);
        var iterations = best.Iterations;
        for (var restart = 0; restart < 5 && best.Converged; restart++)
        {
            var again = Run(function, [.. best.Point], maxIterations, valueTolerance, pointTolerance, initialStep / 10);
            iterations += again.Iterations;
            var improved = again.Value < best.Value - (valueTolerance * (Math.Abs(best.Value) + valueTolerance));
            best = again.Value <= best.Value ? again : best;
            if (!improved)
            {
                break;
            }
        }

        return best with { Iterations = iterations };
    }

    private static Minimum Run(
        Func<double[], double> function, double[] start, int maxIterations, double valueTolerance, double pointTolerance, double step)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = start;
        values[0] = Evaluate(function, start);
        for (var i = 0; i < n; i++)
        {
            var vertex = (double[])start.Clone();
            vertex[i] += step;
            simplex[i + 1] = vertex;
            values[i + 1] = Evaluate(function, vertex);
        }

        var order = Enumerable.Range(0, n + 1).ToArray();
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            Array.Sort(order, (x, y) => values[x].CompareTo(values[y]));
            var bestIndex = order[0];
            var worstIndex = order[n];
            if (Settled(simplex, values, order, valueTolerance, pointTolerance))
            {
                return new Minimum(simplex[bestIndex], values[bestIndex], iteration, true);
            }

            var centroid = new double[n];
            foreach (var index in order.Take(n))
            {
                for (var k = 0; k < n; k++)
                {
                    centroid[k] += simplex[index][k] / n;
                }
            }

            var reflected = Along(centroid, simplex[worstIndex], -1);
            var reflectedValue = Evaluate(function, reflected);
            if (reflectedValue < values[bestIndex])
            {
                var expanded = Along(centroid, simplex[worstIndex], -2);
                var expandedValue = Evaluate(function, expanded);
                (simplex[worstIndex], values[worstIndex]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
                continue;
            }

            if (reflectedValue < values[order[n - 1]])
            {
                (simplex[worstIndex], values[worstIndex]) = (reflected, reflectedValue);
                continue;
            }

            // Contract outside when the reflection beat the worst vertex, inside otherwise.
            var outside = reflectedValue < values[worstIndex];
            var contracted = Along(centroid, simplex[worstIndex], outside ? -0.5 : 0.5);
            var contractedValue = Evaluate(function, contracted);
            if (contractedValue < (outside ? reflectedValue : values[worstIndex]))
            {
                (simplex[worstIndex], values[worstIndex]) = (contracted, contractedValue);
                continue;
            }

            foreach (var index in order.Skip(1))
            {
                simplex[index] = Along(simplex[bestIndex], simplex[index], 0.5);
                values[index] = Evaluate(function, simplex[index]);
            }
        }

        Array.Sort(order, (x, y) => values[x].CompareTo(values[y]));
        return new Minimum(simplex[order[0]], values[order[0]], maxIterations, false);
    }

    /// <summary>The point origin + factor (toward - origin).</summary>
    private static double[] Along(double[] origin, double[] toward, double factor)
    {
        var point = new double[origin.Length];
        for (var k = 0; k < point.Length; k++)
        {
            point[k] = origin[k] + (factor * (toward[k] - origin[k]));
        }

        return point;
    }

    private static bool Settled(double[][] simplex, double[] values, int[] order, double valueTolerance, double pointTolerance)
    {
        var best = values[order[0]];
        if (!double.IsFinite(best) || values[order[^1]] - best > valueTolerance * (Math.Abs(best) + valueTolerance))
        {
            return false;
        }

        var origin = simplex[order[0]];
        return order.Skip(1).All(i => simplex[i].Select((v, k) => Math.Abs(v - origin[k])).Max() <= pointTolerance * (1 + origin.Max(Math.Abs)));
    }

    // A likelihood outside its domain (overflow, a log of zero) is as bad as it gets, not a crash.
    private static double Evaluate(Func<double[], double> function, double[] point)
    {
        var value = function(point);
        return double.IsNaN(value) ? double.PositiveInfinity : value;
    }
}
