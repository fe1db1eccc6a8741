using System.CommandLine;
using LifecycleFunctions.App.Benchmarks;
using LifecycleFunctions.App.Emulator;
using LifecycleFunctions.Engine.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle bench`: benchmark programs that measure against a ceiling taken in the same run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Events per measured round.", DefaultValueFactory = _ => 20_000 };
        var batchSize = new Option<int>("--batch-size") { Description = "Events per /v1/batch request.", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent requests (and concurrent transactions for the ceiling).", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds of each benchmark (the recompute's each on a fresh emulator); the median is reported.", DefaultValueFactory = _ => 3 };
        var people = new Option<int[]>("--people") { Description = "People in the recompute benchmark's synthetic population; several sizes run one after another (e.g. 5000 20000).", DefaultValueFactory = _ => [5_000], AllowMultipleArgumentsPerToken = true };
        var eventsPerPerson = new Option<int>("--events-per-person") { Description = "Events per person in the recompute benchmark.", DefaultValueFactory = _ => 10 };
        var shardMemory = new Option<int>("--shard-memory-people") { Description = "Also measure in memory what one shard's fold and classify hold at this population (e.g. 1000000); 0 to skip.", DefaultValueFactory = _ => 0 };
        var exportMembers = new Option<int[]>("--export-members") { Description = "Member counts of the export benchmark's stage (no Azurite needed).", DefaultValueFactory = _ => [100_000, 1_000_000], AllowMultipleArgumentsPerToken = true };
        var only = new Option<string?>("--only") { Description = "Run one benchmark: capture, recompute or export (default: all)." };
        var output = new Option<string>("--out") { Description = "Markdown report to write.", DefaultValueFactory = _ => Path.Combine("reports", "benchmarks.md") };
        var command = new Command("bench", "Run the capture and recompute benchmarks on a private in-memory Azurite and write a Markdown report.")
        {
            events, batchSize, concurrency, rounds, people, eventsPerPerson, shardMemory, exportMembers, only, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var which = parse.GetValue(only);
            if (parse.GetValue(rounds) < 1)
            {
                AnsiConsole.MarkupLine("[red]--rounds takes 1 or more.[/]");
                return 2;
            }

            if (which is not (null or "capture" or "recompute" or "export" or "none"))
            {
                AnsiConsole.MarkupLine("[red]--only takes capture, recompute, export or none (only the memory probe).[/]");
                return 2;
            }

            var results = new List<BenchmarkResult>();
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                if (which is null or "capture")
                {
                    await using var azurite = await StartAzuriteAsync(cancellationToken);
                    var capture = new CaptureBenchmark(azurite.ConnectionString, () => azurite.ProcessorTime, parse.GetValue(events), parse.GetValue(batchSize), parse.GetValue(concurrency), parse.GetValue(rounds));
                    results.Add((await capture.RunAsync(ctx, cancellationToken)).Result);
                }

                foreach (var population in which is null or "recompute" ? parse.GetValue(people) ?? [] : [])
                {
                    var populationRounds = new List<IReadOnlyList<BenchmarkResult>>();
                    for (var round = 0; round < parse.GetValue(rounds); round++)
                    {
                        // A fresh emulator per round: a first run must see only its own events, not the capture
                        // rounds', another size's or an earlier round's.
                        await using var second = await StartAzuriteAsync(cancellationToken);
                        var recompute = new RecomputeBenchmark(second.ConnectionString, () => second.ProcessorTime, population, parse.GetValue(eventsPerPerson), seed: 11, round: $", round {round + 1} of {parse.GetValue(rounds)}");
                        populationRounds.Add(await recompute.RunAsync(ctx, cancellationToken));
                    }

                    results.AddRange(BenchmarkRounds.Median(populationRounds));
                }

                if (which is null or "export")
                {
                    results.AddRange(await new ExportBenchmark(parse.GetValue(exportMembers) ?? [], parse.GetValue(rounds), seed: 7).RunAsync(ctx, cancellationToken));
                }
            });

            BenchmarkReport.Print(results);
            var markdown = BenchmarkReport.ToMarkdown(results, TimeProvider.System.GetUtcNow());
            if (parse.GetValue(shardMemory) is > 0 and var probePeople)
            {
                var line = new ShardMemoryProbe(probePeople, parse.GetValue(eventsPerPerson), seed: 11).Run(new RecomputeOptions().InProcessParallelism);
                AnsiConsole.WriteLine(line);
                markdown += Environment.NewLine + "Shard memory probe: " + line + Environment.NewLine;
            }

            // The memory probe alone leaves the last full run's report as it is.
            if (results.Count == 0)
            {
                AnsiConsole.MarkupLine("No benchmark ran; the report was left as it is.");
                return 0;
            }

            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, markdown, cancellationToken);
            AnsiConsole.MarkupLine($"Report written to [bold]{Markup.Escape(path)}[/]");
            return 0;
        });
        return command;
    }

    private static async Task<AzuriteInstance> StartAzuriteAsync(CancellationToken cancellationToken)
    {
        var (blob, queue, table) = AzuriteLauncher.FreePorts();
        return await new AzuriteLauncher(NullLogger.Instance).EnsureRunningAsync(
            new AzuriteOptions { BlobPort = blob, QueuePort = queue, TablePort = table, InMemory = true }, cancellationToken);
    }
}
