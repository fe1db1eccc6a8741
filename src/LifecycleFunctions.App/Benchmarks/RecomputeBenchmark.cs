using System.Diagnostics;
using System.Globalization;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// The nightly recompute over a seeded synthetic population, against the ceiling of merely reading the same
/// events from the same Azurite, with the peak managed heap sampled while it runs.
/// </summary>
public sealed class RecomputeBenchmark(string connectionString, Func<TimeSpan> storageCpu, int people, int eventsPerPerson, int seed, string round = "")
{
    public const double Goal = 1 / 1.2;

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        await using var app = LifecycleHost.Build([$"--Storage:ConnectionString={connectionString}", "--Recompute:WatermarkLagSeconds=0", "--Logging:LogLevel:Default=Error"]);
        var storage = app.Services.GetRequiredService<EmbeddedStorageService>();
        await storage.StartAsync(cancellationToken);

        var load = progress.AddTask(Label("Recompute bench: load synthetic events"), maxValue: (double)people * eventsPerPerson);
        var events = await LoadAsync(app.Services, LoadEvents(people, eventsPerPerson), load, cancellationToken);

        var readTask = progress.AddTask(Label("Ceiling: read the same events"), maxValue: 16);
        var reader = app.Services.GetRequiredService<EventLogReader>();
        var parallelism = app.Services.GetRequiredService<IOptions<RecomputeOptions>>().Value.InProcessParallelism;
        var read = 0;
        var readMeasure = await MeasureAsync(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, EventPartitioning.ShardCount), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (shard, token) =>
            {
                var count = 0;
                await foreach (var _ in reader.ReadAsync(shard, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, token))
                {
                    count++;
                }

                Interlocked.Add(ref read, count);
                readTask.Increment(1);
            });
            return read;
        });
        var readTime = readMeasure.Wall;

        var recomputeTask = progress.AddTask(Label("Recompute (fold, classify, combine)"), maxValue: 34);
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        var done = 0;
        var timing = new PhaseTimingDispatcher(app.Services.GetRequiredService<InProcessShardDispatcher>(), storageCpu);
        RecomputeResult? result = null;
        var ceiling = new OutputRowsCeiling(app.Services.GetRequiredService<StorageClients>(), storageCpu);
        var before = await ceiling.SnapshotAsync(cancellationToken);
        var startedAt = StampFloor();
        var recomputeMeasure = await MeasureAsync(async () =>
        {
            result = await app.Services.GetRequiredService<LifecycleRecompute>().RunAsync(
                new DateOnly(2026, 11, 23),
                timing,
                new Cli.SynchronousProgress<RecomputeProgress>(_ => recomputeTask.Value = Interlocked.Increment(ref done)),
                cancellationToken);
            return result.Events;
        });
        var recomputeTime = recomputeMeasure.Wall;
        await sampling.CancelAsync();
        await sampler;
        var outputs = await ceiling.MeasureAsync(before, startedAt, cancellationToken);

        var nightly = await NightlyAsync(app.Services, result!.Run!.StoredUpTo, progress, cancellationToken);
        await storage.StopAsync(CancellationToken.None);

        return [new BenchmarkResult(
            string.Create(CultureInfo.InvariantCulture, $"Recompute, first run ({people:N0} people): fold + classify + combine"),
            "events/s",
            result.Events / recomputeTime.TotalSeconds,
            "reading the same events",
            read / readTime.TotalSeconds,
            Goal,
            string.Create(CultureInfo.InvariantCulture, $"{people:N0} people, {events:N0} events (seed {seed}); recompute {Phases(recomputeMeasure, timing)} vs read {Cpu(readMeasure)}; peak managed heap {(peak - baseline) / (1024 * 1024):N0} MB above the {baseline / (1024 * 1024):N0} MB before the run")),
            StorageWork(string.Create(CultureInfo.InvariantCulture, $"Recompute, first run ({people:N0} people), against its storage work"), "events/s", result.Events, recomputeTime, readMeasure, outputs),
            .. nightly];
    }

    /// <summary>
    /// The steady state: a day later, a tenth of the people were active. The inputs of that night's run are the
    /// new events and every person's state (everyone is classified again), so the ceiling reads both.
    /// </summary>
    private async Task<IReadOnlyList<BenchmarkResult>> NightlyAsync(IServiceProvider services, DateTimeOffset watermark, ProgressContext progress, CancellationToken cancellationToken)
    {
        var task = progress.AddTask(Label("Recompute bench: a night with 10% active"), maxValue: 3);
        var active = LoadEvents(people, 2, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), every: 10, prefix: "night");
        await LoadAsync(services, active, null, cancellationToken);
        task.Increment(1);

        var reader = services.GetRequiredService<EventLogReader>();
        var persons = services.GetRequiredService<PersonStateStore>();
        var parallelism = services.GetRequiredService<IOptions<RecomputeOptions>>().Value.InProcessParallelism;
        var read = 0;
        var readMeasure = await MeasureAsync(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, EventPartitioning.ShardCount), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (shard, token) =>
            {
                var count = 0;
                await foreach (var _ in reader.ReadAsync(shard, watermark, DateTimeOffset.MaxValue, token))
                {
                    count++;
                }

                await foreach (var _ in persons.ReadShardAsync(shard, token))
                {
                    count++;
                }

                Interlocked.Add(ref read, count);
            });
            return read;
        });
        var readTime = readMeasure.Wall;
        task.Increment(1);

        var timing = new PhaseTimingDispatcher(services.GetRequiredService<InProcessShardDispatcher>(), storageCpu);
        RecomputeResult? result = null;
        var ceiling = new OutputRowsCeiling(services.GetRequiredService<StorageClients>(), storageCpu);
        var before = await ceiling.SnapshotAsync(cancellationToken);
        var startedAt = StampFloor();
        var runMeasure = await MeasureAsync(async () =>
        {
            result = await services.GetRequiredService<LifecycleRecompute>().RunAsync(new DateOnly(2026, 11, 24), timing, null, cancellationToken);
            return read;
        });
        var runTime = runMeasure.Wall;
        task.Increment(1);
        var outputs = await ceiling.MeasureAsync(before, startedAt, cancellationToken);

        return [new BenchmarkResult(
            string.Create(CultureInfo.InvariantCulture, $"Recompute, a later night ({people:N0} people, 10% active)"),
            "rows/s",
            read / runTime.TotalSeconds,
            "reading the same new events and person states",
            read / readTime.TotalSeconds,
            Goal,
            string.Create(CultureInfo.InvariantCulture, $"{result!.Events:N0} new events, {result.People:N0} people classified, {result.Changed:N0} changed; recompute {Phases(runMeasure, timing)} vs read {Cpu(readMeasure)}")),
            StorageWork(string.Create(CultureInfo.InvariantCulture, $"Recompute, a later night ({people:N0} people), against its storage work"), "rows/s", read, runTime, readMeasure, outputs)];
    }

    /// <summary>
    /// The same run against the ceiling of the storage work it must do: read its inputs and write, with bare
    /// transactions, the rows it wrote.
    /// </summary>
    private static BenchmarkResult StorageWork(string name, string unit, int items, TimeSpan runTime, PhaseMeasurement read, OutputRowsMeasurement outputs)
    {
        var ceilingTime = read.Wall + outputs.BareWrite.Wall;
        return new BenchmarkResult(
            name,
            unit,
            items / runTime.TotalSeconds,
            "read the inputs, then write the same rows and send the same messages bare",
            items / ceilingTime.TotalSeconds,
            Goal,
            string.Create(CultureInfo.InvariantCulture, $"rows written: {outputs.Describe()}; bare write {Cpu(outputs.BareWrite)} + read {read.Wall.TotalSeconds:N2} s = {ceilingTime.TotalSeconds:N2} s vs recompute {runTime.TotalSeconds:N2} s"));
    }

    private string Label(string task) => string.Create(CultureInfo.InvariantCulture, $"{task} ({people:N0} people{round})");

    /// <summary>Table timestamps have millisecond precision and come from the emulator's clock: start a little early.</summary>
    private static DateTimeOffset StampFloor() => TimeProvider.System.GetUtcNow().AddSeconds(-1);

    private async Task<PhaseMeasurement> MeasureAsync(Func<Task<int>> work)
    {
        using var process = Process.GetCurrentProcess();
        var appCpu = process.TotalProcessorTime;
        var storageCpuStart = storageCpu();
        var clock = Stopwatch.StartNew();
        var items = await work();
        var wall = clock.Elapsed;
        process.Refresh();
        return new PhaseMeasurement(items, wall, process.TotalProcessorTime - appCpu, storageCpu() - storageCpuStart);
    }

    private static string Cpu(PhaseMeasurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.Wall.TotalSeconds:N2} s (CPU app {m.AppCpu.TotalSeconds:N2} s, Azurite {m.StorageCpu.TotalSeconds:N2} s)");

    private static string Phases(PhaseMeasurement m, PhaseTimingDispatcher timing)
    {
        var fold = timing.Wall.GetValueOrDefault(RecomputePhase.Fold);
        var classify = timing.Wall.GetValueOrDefault(RecomputePhase.Classify);
        var rest = m.Wall - fold - classify;
        var foldCpu = timing.StorageCpu.GetValueOrDefault(RecomputePhase.Fold);
        var classifyCpu = timing.StorageCpu.GetValueOrDefault(RecomputePhase.Classify);
        return string.Create(CultureInfo.InvariantCulture, $"{Cpu(m)} = fold {fold.TotalSeconds:N2} s (Azurite {foldCpu.TotalSeconds:N2} s) + classify {classify.TotalSeconds:N2} s (Azurite {classifyCpu.TotalSeconds:N2} s) + combine and fixed costs {rest.TotalSeconds:N2} s (Azurite {(m.StorageCpu - foldCpu - classifyCpu).TotalSeconds:N2} s)");
    }

    private List<CapturedEvent> LoadEvents(int count, int perPerson, DateTimeOffset? from = null, int every = 1, string prefix = "e")
    {
        var random = new Random(seed + every);
        var start = from ?? new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var receivedAt = TimeProvider.System.GetUtcNow();
        var events = new List<CapturedEvent>(count * perPerson / every);
        for (var p = 0; p < count; p += every)
        {
            var userId = string.Create(CultureInfo.InvariantCulture, $"bench-{p}");
            var at = from is null ? start.AddMinutes(random.Next(0, 60 * 24 * 540)) : start;
            for (var e = 0; e < perPerson; e++)
            {
                at = from is null ? at.AddHours(random.Next(1, 24 * 20)) : at.AddMinutes(random.Next(1, 60));
                events.Add(SyntheticEvents.PersonEvent(random, userId, prefix + e.ToString(CultureInfo.InvariantCulture), prefix + e.ToString(CultureInfo.InvariantCulture), e == 0 && from is null, at, receivedAt));
            }
        }

        return events;
    }

    private static async Task<int> LoadAsync(IServiceProvider services, IReadOnlyList<CapturedEvent> events, ProgressTask? task, CancellationToken cancellationToken)
    {
        var table = services.GetRequiredService<StorageClients>().Table(StorageNames.EventsTable);
        var storedAt = TimeProvider.System.GetUtcNow();
        var chunks = events.Select(e => EventEntityMapper.ToEntity(e, storedAt)).GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TransactionBatcher.MaxTransactionSize));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Add, e)), token);
            task?.Increment(chunk.Length);
        });
        return events.Count;
    }
}
