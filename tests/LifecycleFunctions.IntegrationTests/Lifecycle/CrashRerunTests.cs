using Azure.Data.Tables;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// The same events in two storage accounts: one recomputed in one go, the other crashed in the middle of
/// classifying and then rerun. Every table the engine writes must end up the same.
/// </summary>
public sealed class CrashRerunTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(1997, 12, 31);

    private readonly AzuriteFixture _cleanStorage = new();
    private readonly AzuriteFixture _crashedStorage = new();

    public Task InitializeAsync() => Task.WhenAll(_cleanStorage.InitializeAsync(), _crashedStorage.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(_cleanStorage.DisposeAsync(), _crashedStorage.DisposeAsync());

    [Fact]
    public async Task Recompute_RerunAfterCrashMidRun_WritesTheSameTablesAsOneCleanRun()
    {
        await using var clean = await StartAsync(_cleanStorage);
        await using var crashed = await StartAsync(_crashedStorage);
        await Task.WhenAll(IngestAsync(clean), IngestAsync(crashed));

        var cleanResult = await Recompute(clean).RunAsync(AsOf, clean.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        var crashing = new CrashingDispatcher(crashed.Services.GetRequiredService<RecomputeShardWork>(), crashAfterClassifying: 7);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Recompute(crashed).RunAsync(AsOf, crashing, null, CancellationToken.None));
        var rerun = await Recompute(crashed).RunAsync(AsOf, crashed.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);

        Assert.False(rerun.Skipped);
        Assert.Equal(cleanResult.People, rerun.People);

        // People the crashed attempt already changed count too: their rows say which run changed them.
        Assert.Equal(cleanResult.Changed, rerun.Changed);
        foreach (var table in new[] { StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable, StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable })
        {
            var expected = await SnapshotAsync(clean.Storage, table);
            var actual = await SnapshotAsync(crashed.Storage, table);
            Assert.True(expected.Count > 0, $"{table} is empty; the comparison would prove nothing.");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Recompute_RerunMinutesAfterACrashOnTheFirstRun_ResumesTheCrashedRunWithACleanRunsFigures()
    {
        await using var clean = await StartAsync(_cleanStorage);
        await using var crashed = await StartAsync(_crashedStorage);
        await Task.WhenAll(IngestAsync(clean), IngestAsync(crashed));

        var cleanResult = await Recompute(clean).RunAsync(AsOf, clean.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        var crashing = new CrashingDispatcher(crashed.Services.GetRequiredService<RecomputeShardWork>(), crashAfterClassifying: 7);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Recompute(crashed).RunAsync(AsOf, crashing, null, CancellationToken.None));
        var finished = await StepOutputsAsync(crashed.Storage);

        // Time moves on between the crash and the rerun, as it does outside a test: a later watermark.
        crashed.Time.Advance(TimeSpan.FromMinutes(3));
        var watching = new WatchingDispatcher(crashed.Services.GetRequiredService<InProcessShardDispatcher>(), () => StepOutputsAsync(crashed.Storage));
        var rerun = await Recompute(crashed).RunOnDemandAsync(AsOf, watching, null, CancellationToken.None);

        Assert.False(rerun.Skipped);
        Assert.Equal((cleanResult.Events, cleanResult.People, cleanResult.Changed), (rerun.Events, rerun.People, rerun.Changed));
        Assert.Equal(cleanResult.Run!.StoredUpTo, rerun.Run!.StoredUpTo);
        Assert.All(finished, step => Assert.Equal(step.Value, watching.AfterClassify![step.Key]));
        foreach (var table in new[] { StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable, StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable })
        {
            Assert.Equal(await SnapshotAsync(clean.Storage, table), await SnapshotAsync(crashed.Storage, table));
        }
    }

    /// <summary>
    /// The process dies part-way through one step, after some of its writes landed and before the rest: a fold
    /// among its identity links, moves and the transaction of its deltas and output; shard 5's classify while it moves merged histories to their
    /// people, shard 12's among its member, history and person rows (the rows are written last so that such a
    /// crash leaves them with the old codes and the rerun writes again: swapping the order fails both); or the
    /// combine among the cohort, funnel and campaign tables and snapshots, before the commit.
    /// </summary>
    [Theory]
    [InlineData(RecomputePhase.Fold, 3, 1)]
    [InlineData(RecomputePhase.Classify, 5, 1)]
    [InlineData(RecomputePhase.Classify, 12, 1)]
    [InlineData(RecomputePhase.Classify, 12, 3)]
    [InlineData(null, 0, 2)]
    public async Task Recompute_RerunAfterCrashPartWayThroughAStep_WritesTheSameTablesAsOneCleanRun(RecomputePhase? phase, int shard, int writesBeforeCrash)
    {
        var outage = new StorageOutage();
        await using var clean = await StartAsync(_cleanStorage);
        await using var crashed = await StartAsync(_crashedStorage, outage);
        await Task.WhenAll(IngestAsync(clean), IngestAsync(crashed));

        var cleanResult = await Recompute(clean).RunAsync(AsOf, clean.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        var crashing = new OutageDispatcher(crashed.Services.GetRequiredService<RecomputeShardWork>(), outage, phase, shard, writesBeforeCrash);
        await Assert.ThrowsAsync<StorageOutageException>(() => Recompute(crashed).RunAsync(AsOf, crashing, null, CancellationToken.None));

        Assert.True(outage.Tripped && outage.WritesLanded == writesBeforeCrash, $"Meant to crash after {writesBeforeCrash} writes; {outage.WritesLanded} landed, first refused: {outage.FirstRefused}.");
        outage.Disarm();
        var rerun = await Recompute(crashed).RunAsync(AsOf, crashed.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);

        Assert.False(rerun.Skipped);
        Assert.Equal(cleanResult.People, rerun.People);
        Assert.Equal(cleanResult.Changed, rerun.Changed);
        foreach (var table in new[] { StorageNames.PersonStatesTable, StorageNames.IdentitiesTable, StorageNames.StageMembersTable, StorageNames.StageHistoryTable, StorageNames.CohortsTable, StorageNames.FunnelTable, StorageNames.CampaignsTable })
        {
            Assert.Equal(await SnapshotAsync(clean.Storage, table), await SnapshotAsync(crashed.Storage, table));
        }
    }

    [Fact]
    public async Task Recompute_RerunAfterCrashMidRun_ReusesTheStepsTheCrashedAttemptFinished()
    {
        await using var app = await StartAsync(_crashedStorage);
        await IngestAsync(app);
        var crashing = new CrashingDispatcher(app.Services.GetRequiredService<RecomputeShardWork>(), crashAfterClassifying: 7);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Recompute(app).RunAsync(AsOf, crashing, null, CancellationToken.None));
        var finished = await StepOutputsAsync(app.Storage);

        var watching = new WatchingDispatcher(app.Services.GetRequiredService<InProcessShardDispatcher>(), () => StepOutputsAsync(app.Storage));
        await Recompute(app).RunAsync(AsOf, watching, null, CancellationToken.None);

        Assert.Equal(Storage.Events.EventPartitioning.ShardCount + 7, finished.Count);
        Assert.All(finished, step => Assert.Equal(step.Value, watching.AfterClassify![step.Key]));
    }

    /// <summary>Each finished step's output row and its ETag: a step done again writes a new one.</summary>
    private static async Task<Dictionary<string, string>> StepOutputsAsync(StorageClients storage)
    {
        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in storage.Table(StorageNames.RecomputeStepsTable).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            if (row.RowKey.StartsWith("out-", StringComparison.Ordinal))
            {
                steps[$"{row.PartitionKey}/{row.RowKey}"] = row.ETag.ToString();
            }
        }

        return steps;
    }

    private static LifecycleRecompute Recompute(TestApp app) => app.Services.GetRequiredService<LifecycleRecompute>();

    private static Task<TestApp> StartAsync(AzuriteFixture storage, StorageOutage? outage = null) =>
        TestApp.StartAsync(
            storage.ConnectionString,
            services: outage is null ? null : s => s.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage)),
            settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });

    private static Task IngestAsync(TestApp app) => MixedTraffic.IngestAsync(app.Http, app.Storage);

    private static Task<List<string>> SnapshotAsync(StorageClients storage, string table) => TableSnapshot.ReadAsync(storage, table, null);

    /// <summary>Works every fold, then the first few classify shards, then dies as a process would.</summary>
    private sealed class CrashingDispatcher(RecomputeShardWork work, int crashAfterClassifying) : IShardDispatcher
    {
        public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        {
            var done = 0;
            foreach (var item in items)
            {
                if (item.Phase == RecomputePhase.Classify && done == crashAfterClassifying)
                {
                    throw new SimulatedCrashException();
                }

                await work.RunAsync(item, cancellationToken);
                done++;
            }
        }
    }

    /// <summary>
    /// Works the steps one at a time and arms the outage before the chosen step, or, when no phase is given,
    /// after every classify round (and off again while a further round runs), so that it trips in the combine.
    /// </summary>
    private sealed class OutageDispatcher(RecomputeShardWork work, StorageOutage outage, RecomputePhase? phase, int shard, int writesBeforeCrash) : IShardDispatcher
    {
        public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        {
            if (phase is null)
            {
                outage.Disarm();
            }

            foreach (var item in items)
            {
                var target = item.Phase == phase && item.Shard == shard && item.Round == 1;
                if (target)
                {
                    outage.Arm(writesBeforeCrash);
                }

                await work.RunAsync(item, cancellationToken);
                if (target)
                {
                    throw new InvalidOperationException($"Step {item.Step} finished within {writesBeforeCrash} writes: the crash would not be part-way through it.");
                }
            }

            if (phase is null && items[0].Phase == RecomputePhase.Classify)
            {
                outage.Arm(writesBeforeCrash);
            }
        }
    }

    /// <summary>Runs the steps in process and looks at the step outputs once the first classify round is done.</summary>
    private sealed class WatchingDispatcher(IShardDispatcher inner, Func<Task<Dictionary<string, string>>> look) : IShardDispatcher
    {
        public Dictionary<string, string>? AfterClassify { get; private set; }

        public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        {
            await inner.RunAsync(items, progress, cancellationToken);
            if (items[0].Phase == RecomputePhase.Classify && items[0].Round == 1)
            {
                AfterClassify = await look();
            }
        }
    }

    private sealed class SimulatedCrashException : Exception;
}
