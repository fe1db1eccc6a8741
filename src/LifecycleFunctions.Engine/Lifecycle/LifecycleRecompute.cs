using System.Globalization;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// One recompute, end to end: take the lock, fold the new events shard by shard, classify every person shard
/// by shard, combine the shards' partial analytics into the cohort, funnel and campaign tables, and commit the
/// new watermark. Nothing before the commit is visible as "done": a crash anywhere followed by a rerun as of the
/// same day resumes the crashed run (same id and watermark, its finished steps reused), so its figures are a
/// clean run's; anything redone folds the same events again (folding is idempotent) and rewrites the same rows.
/// </summary>
public sealed class LifecycleRecompute(
    IRunStateStore runs,
    IRecomputeStepStore steps,
    IAnalyticsWriter tables,
    ChannelAliases channels,
    IOptions<RecomputeOptions> options,
    TimeProvider time,
    ILogger<LifecycleRecompute> logger)
{
    private const int MaxClassifyRounds = 4;

    /// <summary>
    /// The engine's primitive: membership, history and messages follow the day given, whichever it is (tests and
    /// benchmarks drive days in any order). What users start goes through <see cref="RunOnDemandAsync"/>.
    /// </summary>
    /// <param name="asOf">The day to classify as of; null: today (UTC).</param>
    public Task<RecomputeResult> RunAsync(DateOnly? asOf, IShardDispatcher dispatcher, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        => RunAsync((_, now) => asOf ?? DateOnly.FromDateTime(now.UtcDateTime), keepCurrentView: false, TimeSpan.Zero, dispatcher, progress, cancellationToken);

    /// <summary>
    /// A run started by hand (CLI, admin endpoint): as of a day before the current view's it is a backfill
    /// (<see cref="RecomputeRun.Backfill"/>), which writes that day's tables and leaves the current view alone.
    /// It waits for a held lock as long as a dead holder's lease takes to lapse: the rerun an operator starts
    /// right after a crash runs instead of being refused.
    /// </summary>
    public Task<RecomputeResult> RunOnDemandAsync(DateOnly? asOf, IShardDispatcher dispatcher, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        => RunAsync((_, now) => asOf ?? DateOnly.FromDateTime(now.UtcDateTime), keepCurrentView: true, runs.LockLapse, dispatcher, progress, cancellationToken);

    /// <summary>A scheduled run: as of the last complete UTC day (<see cref="NightlyAsOf"/>).</summary>
    public Task<RecomputeResult> RunNightlyAsync(IShardDispatcher dispatcher, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        => RunAsync((state, now) => NightlyAsOf.Resolve(now, state.LastAsOf), keepCurrentView: true, TimeSpan.Zero, dispatcher, progress, cancellationToken);

    private async Task<RecomputeResult> RunAsync(Func<LifecycleRunState, DateTimeOffset, DateOnly> pickDay, bool keepCurrentView, TimeSpan lockPatience, IShardDispatcher dispatcher, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
    {
        await using var held = await runs.TryLockAsync(lockPatience, cancellationToken);
        if (held is null)
        {
            logger.LogWarning("Another recompute is running; this one is skipped");
            return RecomputeResult.SkippedRun;
        }

        // Once the lock lapses another run may start beside this one: this one stops rather than commit over it.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        try
        {
            return await RecomputeWhileHeldAsync(pickDay, keepCurrentView, dispatcher, progress, running.Token);
        }
        catch (OperationCanceledException ex) when (held.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RunLockLostException(
                "The recompute lock lapsed under this run (storage did not answer its renewal before the lease ran out, or another run "
                + "took it over); the run stopped so that no second run works beside it. The next run resumes it.", ex);
        }
    }

    private async Task<RecomputeResult> RecomputeWhileHeldAsync(
        Func<LifecycleRunState, DateTimeOffset, DateOnly> pickDay, bool keepCurrentView, IShardDispatcher dispatcher, IProgress<RecomputeProgress>? progress,
        CancellationToken cancellationToken)
    {
        var state = await runs.ReadStateAsync(cancellationToken);
        var now = time.GetUtcNow();
        var day = pickDay(state, now);
        var upTo = now.AddSeconds(-options.Value.WatermarkLagSeconds);
        if (upTo < state.Watermark)
        {
            upTo = state.Watermark;
        }

        var run = new RecomputeRun(string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}-{upTo.UtcTicks}"), day, state.Watermark, upTo)
        {
            Backfill = keepCurrentView && state.LastAsOf is { } current && day < current,
            MembershipSince = state.MembershipWatermark is { } since && since != state.Watermark ? since : null,
        };
        if (await UnfinishedAsync(run, state, cancellationToken) is { } crashed)
        {
            // Its id is what its finished steps are kept under and what the person rows it changed name: a new
            // id (a later watermark) would redo them and leave those people out of the "changed" figure.
            run = crashed;
            logger.LogInformation("Resuming recompute {RunId}, which did not finish", run.RunId);
        }
        else
        {
            await runs.WriteStartedRunAsync(run, cancellationToken);
        }

        logger.LogInformation("Recompute {RunId} as of {AsOf:yyyy-MM-dd} (backfill: {Backfill}): events stored after {From} up to {To}", run.RunId, day, run.Backfill, run.StoredAfter, run.StoredUpTo);
        run = run with { Resuming = await steps.DeleteRunsExceptAsync(run.RunId, cancellationToken) };

        var shards = Enumerable.Range(0, Shards.Count).ToList();
        var folds = shards.Select(s => new RecomputeWorkItem(run, RecomputePhase.Fold, s)).ToList();
        await dispatcher.RunAsync(folds, progress, cancellationToken);
        var classifies = shards.Select(s => new RecomputeWorkItem(run, RecomputePhase.Classify, s)).ToList();
        await dispatcher.RunAsync(classifies, progress, cancellationToken);
        var outputs = new Dictionary<string, ShardStepOutput>(StringComparer.Ordinal);
        classifies = await ClassifyForwardedAsync(run, classifies, outputs, dispatcher, progress, cancellationToken);

        progress?.Report(new RecomputeProgress("Combine", 0, 1));
        var (events, people, changed) = await CombineAsync(run, state, folds, classifies.Select(item => outputs[item.Step]).ToList(), cancellationToken);
        progress?.Report(new RecomputeProgress("Combine", 1, 1));
        logger.LogInformation("Recompute {RunId} done: {Events} new events, {People} people classified, {Changed} changed", run.RunId, events, people, changed);
        return new RecomputeResult(false, run, events, people, changed);
    }

    /// <summary>
    /// The last run started, when it did not commit and would do what <paramref name="fresh"/> is to do: as of the
    /// same day, from the same committed state.
    /// </summary>
    private async Task<RecomputeRun?> UnfinishedAsync(RecomputeRun fresh, LifecycleRunState state, CancellationToken cancellationToken) =>
        await runs.ReadStartedRunAsync(cancellationToken) is { } started
        && !string.Equals(started.RunId, state.LastRunId, StringComparison.Ordinal)
        && started.AsOf == fresh.AsOf
        && started.StoredAfter == fresh.StoredAfter
        && started.Backfill == fresh.Backfill
        && started.MembershipSince == fresh.MembershipSince
            ? started
            : null;

    /// <param name="classifyOutputs">The last round's output of each shard.</param>
    private async Task<(int Events, int People, int Changed)> CombineAsync(RecomputeRun run, LifecycleRunState state, List<RecomputeWorkItem> folds, IReadOnlyList<ShardStepOutput> classifyOutputs, CancellationToken cancellationToken)
    {
        var ads = new AdSpendLedger();
        ads.Merge(state.AdSpend);
        var events = 0;
        var foldOutputs = await steps.ReadOutputsAsync(run.RunId, folds.Select(item => item.Step), cancellationToken);
        foreach (var output in foldOutputs.Values)
        {
            events += output.Events;
            if (output.AdSpend is not null)
            {
                ads.Merge(output.AdSpend);
            }

            if (output.Ads is not null)
            {
                ads.AddUndated(output.Ads);
            }
        }

        var analytics = ShardAnalytics.Empty(run.AsOf);
        var people = 0;
        var changed = 0;
        foreach (var output in classifyOutputs)
        {
            people += output.People;
            changed += output.Changed;
            if (output.Analytics is not null)
            {
                analytics.Merge(output.Analytics);
            }
        }

        var campaigns = new CampaignAggregator();
        // The ad reports keep the channel names they came with; the run names them as it named the people.
        campaigns.Merge(ads.Through(run.AsOf).Renamed(channels));
        campaigns.Merge(analytics.Campaigns);

        await Task.WhenAll(
            tables.WriteCohortsAsync(analytics.Months.Build(), cancellationToken),
            tables.WriteCohortsAsync(analytics.Weeks.Build(), cancellationToken),
            tables.WriteFunnelAsync(analytics.Funnel.Build(), cancellationToken),
            tables.WriteCampaignsAsync(run.AsOf, campaigns.Build(), cancellationToken));

        state.Watermark = run.StoredUpTo;
        state.AdSpend = ads;
        if (!run.Backfill)
        {
            state.LastAsOf = run.AsOf;
            state.MembershipWatermark = run.StoredUpTo;
        }

        state.LastCompletedAt = time.GetUtcNow();
        state.LastRunId = run.RunId;
        if (!state.Runs.Contains(run.AsOf))
        {
            state.Runs.Add(run.AsOf);
            state.Runs.Sort();
        }

        await runs.CommitStateAsync(state, cancellationToken);
        await steps.DeleteRunAsync(run.RunId, cancellationToken);
        return (events, people, changed);
    }

    /// <summary>
    /// A shard that forwarded events to people of another shard (folded under a key linked in the same run) may
    /// have done so after that shard classified them: classify those shards again, until nothing more moved.
    /// Returns the items whose outputs count: the last round of each shard; <paramref name="outputs"/> gets
    /// every round's output by step.
    /// </summary>
    private async Task<List<RecomputeWorkItem>> ClassifyForwardedAsync(RecomputeRun run, List<RecomputeWorkItem> classifies, Dictionary<string, ShardStepOutput> outputs, IShardDispatcher dispatcher, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
    {
        var latest = classifies.ToList();
        var round = classifies;
        for (var number = 2; ; number++)
        {
            var read = await steps.ReadOutputsAsync(run.RunId, round.Select(item => item.Step), cancellationToken);
            foreach (var (step, output) in read)
            {
                outputs[step] = output;
            }

            var again = read.Values.SelectMany(output => output.ForwardedTo ?? []).Distinct().Order().ToList();
            if (again.Count == 0)
            {
                return latest;
            }

            if (number > MaxClassifyRounds)
            {
                throw new InvalidOperationException($"Recompute {run.RunId}: events were still being forwarded between shards after {MaxClassifyRounds} rounds.");
            }

            round = again.Select(s => new RecomputeWorkItem(run, RecomputePhase.Classify, s, number)).ToList();
            await dispatcher.RunAsync(round, progress, cancellationToken);
            foreach (var item in round)
            {
                latest[item.Shard] = item;
            }
        }
    }
}
