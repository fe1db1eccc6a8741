using System.Globalization;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// The highest resident set size and managed heap while one benchmark case runs. On Linux the kernel's own
/// high-water mark (VmHWM) is reset for the case through /proc/self/clear_refs, so no short spike between two
/// samples is missed; elsewhere, or where the reset is refused, the peak is the highest working set sampled.
/// </summary>
public sealed class PeakMemory : IDisposable
{
    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";
    private readonly Thread _sampler;
    private volatile bool _stopped;
    private long _sampledWorkingSet;
    private long _sampledHeap;

    private PeakMemory(bool kernelPeak)
    {
        KernelPeak = kernelPeak;
        _sampler = new Thread(Sample) { IsBackground = true, Name = "peak-memory" };
        _sampler.Start();
    }

    /// <summary>Whether <see cref="PeakWorkingSet"/> is the kernel's high-water mark rather than the sampled maximum.</summary>
    public bool KernelPeak { get; }

    public long PeakWorkingSet { get; private set; }

    public long PeakManagedHeap => Interlocked.Read(ref _sampledHeap);

    /// <summary>Collects first so that one case does not inherit the garbage of the one before, then starts measuring.</summary>
    public static PeakMemory Start()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return new PeakMemory(TryResetKernelPeak());
    }

    public void Stop()
    {
        _stopped = true;
        _sampler.Join();
        var kernel = KernelPeak ? ReadKernelPeak() : null;
        PeakWorkingSet = Math.Max(kernel ?? 0, Interlocked.Read(ref _sampledWorkingSet));
    }

    public void Dispose()
    {
        if (!_stopped)
        {
            Stop();
        }
    }

    private void Sample()
    {
        while (!_stopped)
        {
            using (var process = System.Diagnostics.Process.GetCurrentProcess())
            {
                Max(ref _sampledWorkingSet, process.WorkingSet64);
            }

            Max(ref _sampledHeap, GC.GetTotalMemory(false));
            Thread.Sleep(10);
        }
    }

    private static void Max(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }

    private static bool TryResetKernelPeak()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || ReadKernelPeak() is null)
            {
                return false;
            }

            // "5" resets the peak resident set size to the current one (Linux 4.0+).
            File.WriteAllText(ClearRefs, "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadKernelPeak()
    {
        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
