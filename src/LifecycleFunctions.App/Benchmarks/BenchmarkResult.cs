namespace LifecycleFunctions.App.Benchmarks;

/// <summary>One measured figure beside the ceiling measured in the same run on the same storage.</summary>
public sealed record BenchmarkResult(string Name, string Unit, double Value, string CeilingName, double Ceiling, double Goal, string Detail)
{
    public double Ratio => Ceiling == 0 ? 0 : Value / Ceiling;
    public bool MeetsGoal => Ratio >= Goal;
}
