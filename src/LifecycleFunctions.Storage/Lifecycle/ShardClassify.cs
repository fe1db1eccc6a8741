using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// Phase 2 of a recompute, for one shard: classifies every person as of the run's day (time alone moves
/// people to Lapsed), writes only the members whose stage or shown figures changed, and returns the shard's
/// partial cohorts, funnel and campaign counts.
/// </summary>
public sealed class ShardClassify(PersonStateStore persons, StageMembershipWriter membership, StageClassifier classifier, StageTimeline timeline)
{
    private const int FlushEvery = 500;

    public async Task<(ShardAnalytics Analytics, int People, int Changed)> RunAsync(int shard, DateOnly asOf, CancellationToken cancellationToken)
    {
        var analytics = ShardAnalytics.Empty(asOf);
        var pending = new List<MembershipChange>();
        var stages = new List<(string, LifecycleStage, DateOnly, string)>();
        var people = 0;
        var changed = 0;
        var retired = new List<(string Key, LifecycleStage Stage, string MergedInto)>();

        await foreach (var row in persons.ReadShardAsync(shard, cancellationToken))
        {
            if (row.MergedInto is { } mergedInto)
            {
                // Merged into another person since the last run: it leaves its stage, and the person it joined is classified in its own shard.
                if (row.Stage is { } former)
                {
                    retired.Add((row.Key, former, mergedInto));
                }

                continue;
            }

            if (classifier.Classify(row.State, asOf) is not { } stage)
            {
                continue;
            }

            people++;
            var history = timeline.Build(row.State, asOf);
            var entered = history[^1].Entered;
            analytics.Months.Add(row.State);
            analytics.Weeks.Add(row.State);
            analytics.Funnel.Add(row.State.FirstTouchChannel, stage, history);
            analytics.Campaigns.AddPerson(row.State, FunnelAggregator.FirstEntries(history));

            var member = StageMember.From(row.State, stage, entered, asOf);
            analytics.Funnel.Totals.Add(member.Orders, member.Revenue);
            var fingerprint = member.Fingerprint();
            if (row.Stage == stage && row.StageEntered == entered && row.MemberHash == fingerprint)
            {
                continue;
            }

            // A person's first classification is not a transition: a backfill would otherwise announce every customer.
            var notification = row.Stage is { } previous && previous != stage
                ? new StageChange(row.Key, row.Stage, stage, entered, history[^1].IsReactivation, StageChange.Describe(row.Stage, stage, history[^1].IsReactivation))
                : null;
            pending.Add(new MembershipChange(member, row.Stage, history, notification));
            stages.Add((row.Key, stage, entered, fingerprint));
            changed++;
            if (pending.Count >= FlushEvery)
            {
                await FlushAsync(pending, stages, cancellationToken);
            }
        }

        await FlushAsync(pending, stages, cancellationToken);
        if (retired.Count > 0)
        {
            await membership.RetireAsync(retired.Select(r => (r.Key, r.Stage)).ToList(), cancellationToken);
            await persons.ForgetStagesAsync(retired.Select(r => (r.Key, r.MergedInto)).ToList(), cancellationToken);
        }

        return (analytics, people, changed);
    }

    private async Task FlushAsync(List<MembershipChange> pending, List<(string, LifecycleStage, DateOnly, string)> stages, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        // Members first, then the person rows: a crash in between finds the old stage on the row and writes again.
        await membership.WriteAsync(pending, cancellationToken);
        await persons.SetStagesAsync(stages, cancellationToken);
        pending.Clear();
        stages.Clear();
    }
}
