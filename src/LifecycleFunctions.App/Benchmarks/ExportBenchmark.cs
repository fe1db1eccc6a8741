using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting;
using Spectre.Console;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// One stage's members exported through <see cref="FunnelWorkbookExporter"/> to a file, against a bare
/// OpenXmlWriter writing the same cells into a minimal package in the same run (<see cref="BareMemberSheetWriter"/>).
/// Members come from a seeded generator, so storage costs neither side anything.
/// </summary>
public sealed class ExportBenchmark(IReadOnlyList<int> sizes, int rounds, int seed)
{
    public const double Goal = 0.8;

    /// <summary>Issue 4's memory goal for a million rows, on the process's resident set.</summary>
    public const long PeakGoalBytes = 500L * 1024 * 1024;

    private const LifecycleStage Stage = LifecycleStage.Retention;
    private static readonly DateOnly AsOf = new(2026, 11, 23);

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("lifecycle-export-bench-");
        try
        {
            // Warms both paths up (JIT, ClosedXML's caches) and proves both write what OpenXmlValidator accepts.
            var warmUp = progress.AddTask("Export bench: warm up and validate", maxValue: 2);
            await ValidateAsync(Path.Combine(directory.FullName, "warm-export.xlsx"), Export, cancellationToken);
            warmUp.Increment(1);
            await ValidateAsync(Path.Combine(directory.FullName, "warm-bare.xlsx"), Bare, cancellationToken);
            warmUp.Increment(1);

            var results = new List<BenchmarkResult>();
            foreach (var size in sizes)
            {
                var task = progress.AddTask($"Export bench: {size:N0} members", maxValue: 2.0 * size * rounds);
                var exported = new List<Measurement>();
                var bare = new List<Measurement>();
                for (var round = 0; round < rounds; round++)
                {
                    // Alternating which path goes first spreads the shared machine's drift over both.
                    var exportPath = Path.Combine(directory.FullName, "export.xlsx");
                    var barePath = Path.Combine(directory.FullName, "bare.xlsx");
                    if (round % 2 == 1)
                    {
                        bare.Add(await MeasureAsync(barePath, size, (path, n, token) => Bare(path, n, task, token), cancellationToken));
                    }

                    exported.Add(await MeasureAsync(exportPath, size, (path, n, token) => Export(path, n, task, token), cancellationToken));
                    if (round % 2 == 0)
                    {
                        bare.Add(await MeasureAsync(barePath, size, (path, n, token) => Bare(path, n, task, token), cancellationToken));
                    }
                }

                results.Add(Result(size, exported, bare));
            }

            return results;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private BenchmarkResult Result(int size, List<Measurement> exportRounds, List<Measurement> bareRounds)
    {
        static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture);
        static Measurement Median(List<Measurement> all) => all.OrderBy(m => m.Wall).ElementAt(all.Count / 2);
        var exported = Median(exportRounds) with { Memory = exportRounds.MaxBy(m => m.Memory.PeakWorkingSet).Memory };
        var bare = Median(bareRounds) with { Memory = bareRounds.MaxBy(m => m.Memory.PeakWorkingSet).Memory };
        var peak = exported.Memory.KernelPeak ? "highest peak RSS of the rounds (kernel VmHWM, reset per case, server GC as the app runs)" : "highest working set sampled every 10 ms";
        var verdict = size >= 1_000_000 ? (exported.Memory.PeakWorkingSet <= PeakGoalBytes ? "; ≤ 500 MB goal met" : "; ≤ 500 MB goal missed") : string.Empty;
        return new BenchmarkResult(
            $"Export: {size:N0} members of one stage → .xlsx",
            "rows/s",
            exported.Rows / exported.Wall.TotalSeconds,
            "bare OpenXmlWriter, same cells, minimal package",
            bare.Rows / bare.Wall.TotalSeconds,
            Goal,
            string.Create(CultureInfo.InvariantCulture,
                $"seeded in-memory member generator (seed {seed}), no Azurite; median of {rounds} interleaved rounds; whole export (design, template copy, streamed rows, table) {exported.Wall.TotalSeconds:N1} s vs bare {bare.Wall.TotalSeconds:N1} s, CPU per 1k rows {exported.CpuMsPerThousand:N0} ms vs {bare.CpuMsPerThousand:N0} ms; {peak} {Mb(exported.Memory.PeakWorkingSet)} MB vs bare {Mb(bare.Memory.PeakWorkingSet)} MB{verdict}; peak managed heap (sampled) {Mb(exported.Memory.PeakManagedHeap)} MB vs {Mb(bare.Memory.PeakManagedHeap)} MB; file {Mb(exported.FileBytes)} MB vs {Mb(bare.FileBytes)} MB"));
    }

    private static async Task<Measurement> MeasureAsync(string path, int size, Func<string, int, CancellationToken, Task<long>> write, CancellationToken cancellationToken)
    {
        var memory = PeakMemory.Start();
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var rows = await write(path, size, cancellationToken);
        var wall = clock.Elapsed;
        cpu = Environment.CpuUsage.TotalTime - cpu;
        memory.Stop();
        var bytes = new FileInfo(path).Length;
        File.Delete(path);
        if (rows != size)
        {
            throw new InvalidOperationException($"Expected {size:N0} member rows in {path}, wrote {rows:N0}.");
        }

        return new Measurement(rows, wall, cpu, memory, bytes);
    }

    private Task<long> Export(string path, int size, CancellationToken cancellationToken) => Export(path, size, null, cancellationToken);

    private async Task<long> Export(string path, int size, ProgressTask? task, CancellationToken cancellationToken)
    {
        var report = Report(size);
        var start = task?.Value ?? 0;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
        var result = await new FunnelWorkbookExporter().ExportAsync(
            report, file, task is null ? null : new Cli.SynchronousProgress<ExportProgress>(p => task.Value = start + p.Rows), cancellationToken);
        return result.TotalMemberRows;
    }

    private Task<long> Bare(string path, int size, CancellationToken cancellationToken) => Bare(path, size, null, cancellationToken);

    private async Task<long> Bare(string path, int size, ProgressTask? task, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
        var rows = await BareMemberSheetWriter.WriteAsync(file, SyntheticMembers.Stream(Stage, size, AsOf, seed), AsOf, cancellationToken);
        task?.Increment(rows);
        return rows;
    }

    private static async Task ValidateAsync(string path, Func<string, int, CancellationToken, Task<long>> write, CancellationToken cancellationToken)
    {
        await write(path, 2_000, cancellationToken);
        using var document = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator().Validate(document, cancellationToken).Take(3).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)} is not valid Open XML: {string.Join("; ", errors)}");
        }
    }

    private FunnelReport Report(int size) => new()
    {
        Funnel = new FunnelSnapshot(
            AsOf,
            Enum.GetValues<LifecycleStage>().Select(s => new FunnelRow(s, s == Stage ? size : 0, s == Stage ? size : 0, null, null, null)).ToList(),
            [],
            [],
            new FunnelTotals()),
        Cohorts = new CohortTable(CohortGranularity.Month, AsOf, []),
        Campaigns = [],
        Trends = [],
        MembersAsOf = AsOf,
        Members = (stage, _) => SyntheticMembers.Stream(stage, size, AsOf, seed),
        Filter = new ReportFilter(Stage),
        GeneratedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
    };

    private readonly record struct Measurement(long Rows, TimeSpan Wall, TimeSpan Cpu, PeakMemory Memory, long FileBytes)
    {
        public double CpuMsPerThousand => Cpu.TotalMilliseconds * 1000 / Rows;
    }
}
