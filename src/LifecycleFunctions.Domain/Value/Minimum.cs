namespace LifecycleFunctions.Domain.Value;

/// <summary>Where <see cref="NelderMead"/> stopped: the point, the function's value there, and whether the simplex had shrunk to it.</summary>
public sealed record Minimum(IReadOnlyList<double> Point, double Value, int Iterations, bool Converged);
