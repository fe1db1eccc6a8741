namespace LifecycleFunctions.App.Benchmarks;

/// <summary>One timed round: wall time and the CPU the app and the storage emulator spent in it.</summary>
public readonly record struct PhaseMeasurement(int Items, TimeSpan Wall, TimeSpan AppCpu, TimeSpan StorageCpu)
{
    public double PerSecond => Items / Wall.TotalSeconds;

    public double AppCpuMsPerThousand => AppCpu.TotalMilliseconds * 1000 / Items;

    public double StorageCpuMsPerThousand => StorageCpu.TotalMilliseconds * 1000 / Items;

    public static PhaseMeasurement Median(IReadOnlyList<PhaseMeasurement> rounds) => rounds.OrderBy(r => r.PerSecond).ElementAt(rounds.Count / 2);
}
