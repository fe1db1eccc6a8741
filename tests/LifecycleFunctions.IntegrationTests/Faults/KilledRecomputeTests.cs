using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using LifecycleFunctions.App.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Xunit.Abstractions;

namespace LifecycleFunctions.IntegrationTests.Faults;

/// <summary>
/// Fault suite, process killed mid-recompute: the same synthetic population in two storage accounts; in one,
/// `lifecycle recompute` (a child process) is killed with SIGKILL part-way through its folds, rerun and killed
/// again part-way through its classifies, then rerun to the end; in the other it runs once. Every table the
/// run writes and the figures it prints must be the clean run's.
/// </summary>
public sealed partial class KilledRecomputeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int People = 3000;
    private const int EventsPerPerson = 6;
    private const int Seed = 21;
    private const string FunctionKey = "killed-recompute-key";
    private static readonly DateOnly AsOf = new(2026, 11, 30);
    // Generous: a loaded 2-core CI machine runs the child processes and two Azurites at a fraction of their speed; a failure waits this long, a pass does not.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly AzuriteFixture _cleanStorage = new();
    private readonly AzuriteFixture _killedStorage = new();

    public Task InitializeAsync() => Task.WhenAll(_cleanStorage.InitializeAsync(), _killedStorage.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(_cleanStorage.DisposeAsync(), _killedStorage.DisposeAsync());

    [Fact]
    public async Task Recompute_KilledInItsFoldsThenInItsClassifiesThenRerun_WritesTheCleanRunsTablesAndFigures()
    {
        var clean = new StorageClients(_cleanStorage.ConnectionString);
        var killed = new StorageClients(_killedStorage.ConnectionString);
        var loaded = await Task.WhenAll(SyntheticPopulation.LoadAsync(clean, People, EventsPerPerson, AsOf, Seed), SyntheticPopulation.LoadAsync(killed, People, EventsPerPerson, AsOf, Seed));

        var inFold = await RunUntilKilledAsync(_killedStorage, killed, "fold-", 4);
        var cleanRun = await RunToEndAsync(_cleanStorage);
        var inClassify = await RunUntilKilledAsync(_killedStorage, killed, "classify-", 4);
        var rerun = await RunToEndAsync(_killedStorage);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loaded[0]:N0} events of {People:N0} people, recompute as of {AsOf:yyyy-MM-dd}."));
        output.WriteLine($"Clean run: {cleanRun.Figures} ({cleanRun.Took.TotalSeconds:N1} s)");
        output.WriteLine($"Killed {inFold}; killed again {inClassify}.");
        output.WriteLine($"Rerun to the end: {rerun.Figures} ({rerun.Took.TotalSeconds:N1} s, of which waiting for the dead run's lock to lapse is part)");

        Assert.Equal(cleanRun.Figures, rerun.Figures);
        var cleanRunId = (await new LifecycleRunStore(clean).ReadStateAsync(CancellationToken.None)).LastRunId;
        var killedRunId = (await new LifecycleRunStore(killed).ReadStateAsync(CancellationToken.None)).LastRunId;
        foreach (var table in new[] { StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable, StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable })
        {
            var expected = await TableSnapshot.ReadAsync(clean, table, cleanRunId);
            var actual = await TableSnapshot.ReadAsync(killed, table, killedRunId);
            Assert.True(expected.Count > 0 || table == StorageNames.IdentitiesTable, $"{table} is empty; the comparison would prove nothing.");
            Assert.Equal(expected, actual);
        }

        Assert.Empty(await StepRowsAsync(killed, string.Empty));
    }

    /// <summary>
    /// The run the admin endpoint queues, worked by the app's own queue functions: `serve` killed part-way through
    /// the classifies and started again. The request and the shard work items the dead process held come back
    /// when their lease lapses, and the run finishes on its own, as a clean run would have.
    /// </summary>
    [Fact]
    public async Task Serve_KilledDuringARecomputeTheAdminEndpointQueued_FinishesTheRunAfterRestartWithTheCleanRunsTablesAndFigures()
    {
        var clean = new StorageClients(_cleanStorage.ConnectionString);
        var killed = new StorageClients(_killedStorage.ConnectionString);
        await Task.WhenAll(SyntheticPopulation.LoadAsync(clean, People, EventsPerPerson, AsOf, Seed), SyntheticPopulation.LoadAsync(killed, People, EventsPerPerson, AsOf, Seed));
        var cleanRun = RunToEndAsync(_cleanStorage);

        var address = new Uri($"http://127.0.0.1:{LifecycleProcess.FreePort()}");
        var inClassify = await RequestUntilKilledAsync(address, killed);
        await using var restarted = LifecycleProcess.Start(ServeArguments(_killedStorage, address));
        var finished = await WaitForCommitAsync(killed, restarted);
        await Waiting.ForQueuesToDrainAsync(killed, Patience, RecomputeQueues.Requests, StorageNames.RecomputeShardsQueue);

        var (cleanFigures, _) = await cleanRun;
        output.WriteLine($"Clean run: {cleanFigures}");
        output.WriteLine($"Killed {inClassify}; the restarted app committed the run {finished.TotalSeconds:N1} s after it started.");
        var done = RunDoneLog().Match(restarted.Output);
        Assert.True(done.Success, $"The restarted app logged no finished run:\n{restarted.Output}");
        output.WriteLine($"Its run: {done.Value}");
        Assert.Equal(Numbers(cleanFigures), Numbers(done.Value));
        foreach (var queue in new[] { RecomputeQueues.Requests, StorageNames.RecomputeShardsQueue })
        {
            Assert.Empty((await killed.Queue(StorageNames.PoisonQueue(queue)).PeekMessagesAsync(32)).Value);
        }

        var cleanRunId = (await new LifecycleRunStore(clean).ReadStateAsync(CancellationToken.None)).LastRunId;
        var killedRunId = (await new LifecycleRunStore(killed).ReadStateAsync(CancellationToken.None)).LastRunId;
        foreach (var table in new[] { StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable, StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable })
        {
            Assert.Equal(await TableSnapshot.ReadAsync(clean, table, cleanRunId), await TableSnapshot.ReadAsync(killed, table, killedRunId));
        }
    }

    /// <summary>Serves, asks the admin endpoint for a run, and kills the app once at least 4 classify steps are done.</summary>
    private async Task<string> RequestUntilKilledAsync(Uri address, StorageClients clients)
    {
        await using var serve = LifecycleProcess.Start(ServeArguments(_killedStorage, address));
        await serve.WaitUntilServingAsync(address, Patience);
        using var http = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/recompute?asOf={AsOf:yyyy-MM-dd}");
        request.Headers.Add("x-functions-key", FunctionKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var deadline = DateTime.UtcNow + Patience;
        int done;
        while ((done = (await StepRowsAsync(clients, "classify-")).Count) < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No 4 classify steps finished within {Patience}:\n{serve.Output}");
            await Task.Delay(50);
        }

        serve.Kill();
        Assert.Null((await new LifecycleRunStore(clients).ReadStateAsync(CancellationToken.None)).LastRunId);
        return string.Create(CultureInfo.InvariantCulture, $"`serve` {(DateTimeOffset.UtcNow - serve.StartedAt).TotalSeconds:N1} s after start with {done} of 16 classify steps done, nothing committed");
    }

    /// <summary>Until the run's state is committed; how long after <paramref name="serve"/> started.</summary>
    private static async Task<TimeSpan> WaitForCommitAsync(StorageClients clients, LifecycleProcess serve)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await new LifecycleRunStore(clients).ReadStateAsync(CancellationToken.None)).LastRunId is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The restarted app did not finish the run within {Patience}:\n{serve.Output}");
            Assert.False(serve.HasExited, $"The restarted app exited:\n{serve.Output}");
            await Task.Delay(200);
        }

        return DateTimeOffset.UtcNow - serve.StartedAt;
    }

    private static string[] ServeArguments(AzuriteFixture storage, Uri address) =>
    [
        "serve", "--urls", address.ToString().TrimEnd('/'), $"--Storage:ConnectionString={storage.ConnectionString}", $"--Reports:FunctionKey={FunctionKey}",
        "--Recompute:WatermarkLagSeconds=0", "--AzureWebJobs:RecomputeLifecycle:Disabled=true",
        "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:LifecycleFunctions.Engine.Lifecycle.LifecycleRecompute=Information",
        "--AzureFunctionsJobHost:extensions:queues:maxPollingInterval=00:00:00.250",
        "--AzureFunctionsJobHost:extensions:queues:processingLease=00:00:05",
    ];

    /// <summary>Events, people and changed, from the CLI's summary or the engine's log line.</summary>
    private static int[] Numbers(string figures) =>
        [.. FiguresNumbers().Match(figures).Groups.Cast<Group>().Skip(1).Select(g => int.Parse(g.Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))];

    /// <summary>Starts a run and kills it once at least <paramref name="finished"/> steps of the phase have written their output; the run must not have committed.</summary>
    private static async Task<string> RunUntilKilledAsync(AzuriteFixture storage, StorageClients clients, string phase, int finished)
    {
        await using var recompute = LifecycleProcess.Start(Arguments(storage));
        var deadline = DateTime.UtcNow + Patience;
        int done;
        while ((done = (await StepRowsAsync(clients, phase)).Count) < finished)
        {
            Assert.False(recompute.HasExited, $"The recompute ended before it could be killed after {finished} {phase} steps:\n{recompute.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"No {finished} {phase} steps finished within {Patience}:\n{recompute.Output}");
            await Task.Delay(50);
        }

        recompute.Kill();
        var after = DateTimeOffset.UtcNow - recompute.StartedAt;
        var state = await new LifecycleRunStore(clients).ReadStateAsync(CancellationToken.None);
        Assert.Null(state.LastRunId);
        var steps = await StepRowsAsync(clients, string.Empty);
        return string.Create(CultureInfo.InvariantCulture,
            $"{after.TotalSeconds:N1} s after start with {done} {phase.TrimEnd('-')} steps done ({steps.Count(s => s.StartsWith("fold-", StringComparison.Ordinal))} folds and {steps.Count(s => s.StartsWith("classify-", StringComparison.Ordinal))} classifies finished of 16 each, nothing committed)");
    }

    private static async Task<(string Figures, TimeSpan Took)> RunToEndAsync(AzuriteFixture storage)
    {
        var clock = Stopwatch.StartNew();
        await using var recompute = LifecycleProcess.Start(Arguments(storage));
        var exit = await recompute.WaitForExitAsync(Patience);
        Assert.True(exit == 0, $"lifecycle recompute exited with {exit}:\n{recompute.Output}");
        var figures = FiguresLine().Match(recompute.Output);
        Assert.True(figures.Success, $"No figures in the output:\n{recompute.Output}");
        return (WhiteSpace().Replace(figures.Value, " "), clock.Elapsed);
    }

    private static string[] Arguments(AzuriteFixture storage) =>
        ["recompute", "--as-of", AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"--Storage:ConnectionString={storage.ConnectionString}", "--Recompute:WatermarkLagSeconds=0"];

    /// <summary>The steps whose output row is written (a step's last write: it marks the step done), by step name, of every run.</summary>
    private static async Task<List<string>> StepRowsAsync(StorageClients storage, string phase)
    {
        var steps = new List<string>();
        try
        {
            await foreach (var row in storage.Table(StorageNames.RecomputeStepsTable).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                if (row.RowKey.StartsWith("out-" + phase, StringComparison.Ordinal))
                {
                    steps.Add(row.RowKey["out-".Length..]);
                }
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Not created yet: the process is still starting.
        }

        return steps;
    }

    /// <summary>The summary line, which the console may have wrapped.</summary>
    [GeneratedRegex(@"Recomputed as of .*?changed\.", RegexOptions.Singleline)]
    private static partial Regex FiguresLine();

    [GeneratedRegex(@"Recompute \S+ done: .*? changed")]
    private static partial Regex RunDoneLog();

    [GeneratedRegex(@"([\d,]+) new events.*?([\d,]+) people classified, ([\d,]+) changed")]
    private static partial Regex FiguresNumbers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
