using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

using LifecycleFunctions.App.Collection;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// Events per second through the whole capture path (HTTP /v1/batch → website-events queue → events table),
/// against the ceiling: bare entity-group inserts of the same entities, grouped by partition with full
/// knowledge of all of them, into the same Azurite. Rounds alternate between the two so drift in the machine
/// hits both alike; the median round of each is reported.
/// </summary>
public sealed class CaptureBenchmark(string connectionString, Func<TimeSpan> storageCpu, int events, int batchSize, int concurrency, int rounds)
{
    public const string WriteKey = "bench-write-key";
    public const double Goal = 0.8;

    public async Task<(BenchmarkResult Result, PhaseMeasurement Pipeline, PhaseMeasurement Ceiling)> RunAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        var storage = new StorageClients(connectionString);
        var baseline = storage.Table("benchbaseline");
        await baseline.CreateIfNotExistsAsync(cancellationToken);

        await using var app = LifecycleHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString={connectionString}",
            $"--Collect:WriteKeys:0={WriteKey}",
            "--Logging:LogLevel:Default=Error",
        ]);
        await app.StartAsync(cancellationToken);
        var baseUrl = SegmentHttpClient.ListeningUrl(app);
        using var http = SegmentHttpClient.Create(baseUrl, WriteKey);
        var counters = app.Services.GetRequiredService<EventStoreCounters>();

        var ceilingTask = progress.AddTask("Ceiling: bare batch inserts", maxValue: (double)events * rounds);
        var pipelineTask = progress.AddTask("Pipeline: HTTP → queue → table", maxValue: (double)events * rounds);

        // A small warm-up of both paths (JIT, connection pools) that is not measured.
        await BareInsertsAsync(baseline, Items("warmup-bare", Math.Min(2000, events)), null, cancellationToken);
        await PipelineAsync(http, counters, Items("warmup-pipe", Math.Min(2000, events)), null, cancellationToken);

        var ceilingRounds = new List<PhaseMeasurement>();
        var pipelineRounds = new List<PhaseMeasurement>();
        for (var round = 0; round < rounds; round++)
        {
            ceilingRounds.Add(await BareInsertsAsync(baseline, Items($"bare{round}", events), ceilingTask, cancellationToken));
            pipelineRounds.Add(await PipelineAsync(http, counters, Items($"pipe{round}", events), pipelineTask, cancellationToken));
        }

        await app.StopAsync(CancellationToken.None);
        var ceiling = PhaseMeasurement.Median(ceilingRounds);
        var pipeline = PhaseMeasurement.Median(pipelineRounds);
        var result = new BenchmarkResult(
            "Capture: /v1/batch → queue → table",
            "events/s",
            pipeline.PerSecond,
            "bare SubmitTransactionAsync",
            ceiling.PerSecond,
            Goal,
            string.Create(CultureInfo.InvariantCulture, $"median of {rounds} rounds of {events:N0} events; {batchSize} per request, {concurrency} concurrent requests/transactions; CPU per 1k events: app {pipeline.AppCpuMsPerThousand:N0} ms vs {ceiling.AppCpuMsPerThousand:N0} ms, Azurite {pipeline.StorageCpuMsPerThousand:N0} ms vs {ceiling.StorageCpuMsPerThousand:N0} ms"));
        return (result, pipeline, ceiling);
    }

    private static IReadOnlyList<Dictionary<string, object?>> Items(string run, int count) =>
        SyntheticEvents.SegmentBatchItems(count, people: Math.Max(1, count / 5), seed: 7, run);

    private async Task<PhaseMeasurement> BareInsertsAsync(TableClient table, IReadOnlyList<Dictionary<string, object?>> items, ProgressTask? task, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var chunks = SyntheticEvents.Captured(items, now)
            .Select(e => EventEntityMapper.ToEntity(e, now))
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(TransactionBatcher.MaxTransactionSize))
            .ToList();

        return await MeasureAsync(items.Count, () => Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), token);
            task?.Increment(chunk.Length);
        }));
    }

    private async Task<PhaseMeasurement> PipelineAsync(HttpClient http, EventStoreCounters counters, IReadOnlyList<Dictionary<string, object?>> items, ProgressTask? task, CancellationToken cancellationToken)
    {
        var bodies = items.Chunk(batchSize).Select(b => JsonSerializer.Serialize(new { batch = b })).ToList();
        var target = counters.Stored + counters.Duplicates + items.Count;
        var start = counters.Stored;
        var progressBase = task?.Value ?? 0;
        return await MeasureAsync(items.Count, async () =>
        {
            var sending = Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (body, token) =>
            {
                using var response = await http.PostAsync(new Uri("v1/batch", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), token);
                response.EnsureSuccessStatusCode();
            });

            // Done when every event is in the table, which is later than when every request was answered.
            while (counters.Stored + counters.Duplicates < target)
            {
                if (sending.IsFaulted)
                {
                    await sending;
                }

                if (task is not null)
                {
                    task.Value = progressBase + (counters.Stored - start);
                }

                await Task.Delay(10, cancellationToken);
            }

            await sending;
        });
    }

    private async Task<PhaseMeasurement> MeasureAsync(int items, Func<Task> phase)
    {
        var process = Process.GetCurrentProcess();
        var appCpu = process.TotalProcessorTime;
        var storageCpuStart = storageCpu();
        var clock = Stopwatch.StartNew();
        await phase();
        var wall = clock.Elapsed;
        process.Refresh();
        return new PhaseMeasurement(items, wall, process.TotalProcessorTime - appCpu, storageCpu() - storageCpuStart);
    }
}
