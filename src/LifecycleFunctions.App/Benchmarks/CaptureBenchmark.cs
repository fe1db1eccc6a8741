using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// Events per second through the whole capture path (HTTP /v1/batch → website-events queue → events table),
/// against the ceiling: bare entity-group inserts of the same entities into the same Azurite.
/// </summary>
public sealed class CaptureBenchmark(string connectionString, int events, int batchSize, int concurrency, string[]? extra = null)
{
    public const string WriteKey = "bench-write-key";
    private readonly string[] extraArgs = extra ?? (Environment.GetEnvironmentVariable("BENCH_ARGS") ?? "").Split(" ", StringSplitOptions.RemoveEmptyEntries);
    public const double Goal = 0.8;

    public async Task<BenchmarkResult> RunAsync(ProgressContext progress, CancellationToken cancellationToken)
    {
        var storage = new StorageClients(connectionString);
        var run = Guid.NewGuid().ToString("N")[..8];
        var items = SyntheticEvents.SegmentBatchItems(events, people: Math.Max(1, events / 5), seed: 7, run);

        var bareTask = progress.AddTask("Ceiling: bare batch inserts", maxValue: events);
        var bare = await BareInsertsAsync(storage, SyntheticEvents.Captured(items, DateTimeOffset.UtcNow), bareTask, cancellationToken);

        var pipelineTask = progress.AddTask("Pipeline: HTTP → queue → table", maxValue: events);
        var pipeline = await PipelineAsync(items, pipelineTask, cancellationToken);

        return new BenchmarkResult(
            "Capture: /v1/batch → queue → table",
            "events/s",
            events / pipeline.TotalSeconds,
            "bare SubmitTransactionAsync",
            events / bare.TotalSeconds,
            Goal,
            $"{events:N0} events, {batchSize} per request, {concurrency} concurrent requests/transactions");
    }

    private async Task<TimeSpan> BareInsertsAsync(StorageClients storage, IReadOnlyList<Domain.Capture.CapturedEvent> captured, ProgressTask task, CancellationToken cancellationToken)
    {
        var table = storage.Table("benchbaseline");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var chunks = captured
            .Select(e => EventEntityMapper.ToEntity(e, now))
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(100))
            .ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), token);
            task.Increment(chunk.Length);
        });
        return clock.Elapsed;
    }

    private async Task<TimeSpan> PipelineAsync(IReadOnlyList<Dictionary<string, object?>> items, ProgressTask task, CancellationToken cancellationToken)
    {
        await using var app = LifecycleHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString={connectionString}",
            $"--Collect:WriteKeys:0={WriteKey}",
            "--Logging:LogLevel:Default=Error",
            .. extraArgs,
        ]);
        await app.StartAsync(cancellationToken);
        var counters = app.Services.GetRequiredService<EventStoreCounters>();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        var bodies = items.Chunk(batchSize).Select(b => JsonSerializer.Serialize(new { batch = b })).ToList();

        var clock = Stopwatch.StartNew();
        var sending = Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (body, token) =>
        {
            using var response = await http.PostAsync(new Uri("v1/batch", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), token);
            response.EnsureSuccessStatusCode();
        });

        TimeSpan? sendDone = null;
        while (counters.Stored + counters.Duplicates < items.Count)
        {
            if (sending.IsCompleted && sendDone is null) sendDone = clock.Elapsed;
            if (sending.IsFaulted)
            {
                await sending;
            }

            task.Value = counters.Stored;
            await Task.Delay(20, cancellationToken);
        }

        var elapsed = clock.Elapsed;
        task.Value = counters.Stored;
        await sending;
        Console.Error.WriteLine($"DEBUG sending done at {sendDone?.TotalSeconds}, all stored at {elapsed.TotalSeconds}");
        await app.StopAsync(CancellationToken.None);
        return elapsed;
    }
}
