using System.Diagnostics;
using System.Globalization;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Capture;
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
public sealed class RecomputeBenchmark(string connectionString, int people, int eventsPerPerson, int seed)
{
    public const double Goal = 1 / 1.2;

    public async Task<BenchmarkResult> RunAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        await using var app = LifecycleHost.Build([$"--Storage:ConnectionString={connectionString}", "--Recompute:WatermarkLagSeconds=0", "--Logging:LogLevel:Default=Error"]);
        var storage = app.Services.GetRequiredService<EmbeddedStorageService>();
        await storage.StartAsync(cancellationToken);

        var load = progress.AddTask("Recompute bench: load synthetic events", maxValue: (double)people * eventsPerPerson);
        var events = await LoadAsync(app.Services, load, cancellationToken);

        var readTask = progress.AddTask("Ceiling: read the same events", maxValue: 16);
        var reader = app.Services.GetRequiredService<EventLogReader>();
        var clock = Stopwatch.StartNew();
        var read = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, EventPartitioning.ShardCount), new ParallelOptions { MaxDegreeOfParallelism = app.Services.GetRequiredService<IOptions<RecomputeOptions>>().Value.InProcessParallelism, CancellationToken = cancellationToken }, async (shard, token) =>
        {
            var count = 0;
            await foreach (var _ in reader.ReadAsync(shard, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, token))
            {
                count++;
            }

            Interlocked.Add(ref read, count);
            readTask.Increment(1);
        });
        var readTime = clock.Elapsed;

        var recomputeTask = progress.AddTask("Recompute (fold, classify, combine)", maxValue: 34);
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
        clock.Restart();
        var done = 0;
        var result = await app.Services.GetRequiredService<LifecycleRecompute>().RunAsync(
            new DateOnly(2026, 11, 23),
            app.Services.GetRequiredService<InProcessShardDispatcher>(),
            new Cli.SynchronousProgress<RecomputeProgress>(_ => recomputeTask.Value = Interlocked.Increment(ref done)),
            cancellationToken);
        var recomputeTime = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        await storage.StopAsync(CancellationToken.None);

        return new BenchmarkResult(
            "Recompute: fold + classify + combine",
            "events/s",
            result.Events / recomputeTime.TotalSeconds,
            "reading the same events",
            read / readTime.TotalSeconds,
            Goal,
            string.Create(CultureInfo.InvariantCulture, $"{people:N0} people, {events:N0} events (seed {seed}); recompute {recomputeTime.TotalSeconds:N1} s vs read {readTime.TotalSeconds:N1} s; peak managed heap {(peak - baseline) / (1024 * 1024):N0} MB above the {baseline / (1024 * 1024):N0} MB before the run"));
    }

    private async Task<int> LoadAsync(IServiceProvider services, ProgressTask task, CancellationToken cancellationToken)
    {
        var table = services.GetRequiredService<StorageClients>().Table(StorageNames.EventsTable);
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var receivedAt = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var events = new List<CapturedEvent>(people * eventsPerPerson);
        for (var p = 0; p < people; p++)
        {
            var userId = string.Create(CultureInfo.InvariantCulture, $"bench-{p}");
            var at = start.AddMinutes(random.Next(0, 60 * 24 * 540));
            for (var e = 0; e < eventsPerPerson; e++)
            {
                at = at.AddHours(random.Next(1, 24 * 20));
                var order = random.NextDouble() < 0.15;
                events.Add(new CapturedEvent
                {
                    MessageId = string.Create(CultureInfo.InvariantCulture, $"{userId}-{e}"),
                    Type = order ? EventTypes.OrderCompleted : EventTypes.Page,
                    Source = EventSources.Website,
                    UserId = userId,
                    Timestamp = at,
                    ReceivedAt = receivedAt,
                    OrderId = order ? string.Create(CultureInfo.InvariantCulture, $"{userId}-o{e}") : null,
                    Amount = order ? 10 + random.Next(0, 9000) / 100m : null,
                    UtmSource = e == 0 ? (random.Next(3) switch { 0 => "google", 1 => "newsletter", _ => "facebook" }) : null,
                    UtmCampaign = e == 0 ? "bench" : null,
                    Payload = "{}",
                });
            }
        }

        var chunks = events.Select(e => EventEntityMapper.ToEntity(e, receivedAt)).GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TransactionBatcher.MaxTransactionSize));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Add, e)), token);
            task.Increment(chunk.Length);
        });
        return events.Count;
    }
}
