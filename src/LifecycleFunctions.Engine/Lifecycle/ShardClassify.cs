using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// Phase 2 of a recompute, for one shard: streams the shard's person rows once, merges in what the folds left
/// for them, classifies every person as of the run's day (time alone moves people to Lapsed), and writes only
/// what changed: a person's row (state, stage and history codes together, one write), their member row when
/// what it shows changed, the stage-history spells that are new or different, and a stage-changes message.
/// Returns the shard's partial cohorts, funnel and campaign counts, and the shards whose people received a
/// delta forwarded from here (those are classified again so the forwarded events count this run).
/// </summary>
public sealed class ShardClassify(IPersonStateStore persons, IRecomputeStepStore steps, IStageMembershipStore membership, StageClassifier classifier, StageTimeline timeline, ChannelAliases channels)
{
    private const int FlushEvery = 500;

    /// <param name="announceNewFrom">
    /// People classified for the first time are announced on stage-changes when they entered their stage on or
    /// after this day (since the previous run); null on the first run ever, so a backfill announces nobody.
    /// </param>
    /// <param name="writeMembership">False for a backfill: analytics and folded states only; members, history and messages stay as they are.</param>
    public async Task<ShardClassifyResult> RunAsync(int shard, string runId, DateOnly asOf, DateOnly? announceNewFrom, bool writeMembership, CancellationToken cancellationToken)
    {
        var deltas = await steps.ReadDeltasAsync(runId, shard, cancellationToken);
        var analytics = ShardAnalytics.Empty(asOf);
        var batch = new Batch { AnnounceNewFrom = announceNewFrom, RunId = runId, Membership = writeMembership };
        var people = 0;
        var changed = 0;
        var forwardedTo = new SortedSet<int>();
        var retired = new List<(string Key, LifecycleStage Stage, string MergedInto)>();

        await foreach (var row in persons.ReadShardAsync(shard, cancellationToken))
        {
            deltas.Remove(row.Key, out var delta);
            if (row.MergedInto is { } mergedInto)
            {
                if (delta is not null)
                {
                    // Folded under this key in another shard before that shard saw the link: it belongs to the person.
                    var (target, moved) = await persons.ForwardAsync(mergedInto, delta, cancellationToken);
                    if (moved)
                    {
                        forwardedTo.Add(IdentityKey.Shard(target, Shards.Count));
                    }
                }

                // Merged into another person since the last run: it leaves its stage, and the person it joined is classified in its own shard.
                if (row.Stage is { } former && writeMembership)
                {
                    retired.Add((row.Key, former, mergedInto));
                }

                continue;
            }

            var (person, change) = Classify(row, delta, asOf, analytics, batch);
            people += person ? 1 : 0;
            changed += change ? 1 : 0;
            if (batch.Count >= FlushEvery)
            {
                await FlushAsync(batch, cancellationToken);
            }
        }

        // People seen for the first time: no row yet.
        foreach (var key in deltas.Keys.Order(StringComparer.Ordinal).ToList())
        {
            var delta = deltas[key];
            deltas.Remove(key);
            var (person, change) = Classify(new PersonRow(key, new PersonState { Key = key }, null, null, null, null), delta, asOf, analytics, batch);
            people += person ? 1 : 0;
            changed += change ? 1 : 0;
            if (batch.Count >= FlushEvery)
            {
                await FlushAsync(batch, cancellationToken);
            }
        }

        await FlushAsync(batch, cancellationToken);
        if (retired.Count > 0)
        {
            await membership.RetireAsync(retired.Select(r => (r.Key, r.Stage)).ToList(), cancellationToken);
            await persons.ForgetStagesAsync(retired.Select(r => (r.Key, r.MergedInto)).ToList(), cancellationToken);
        }

        forwardedTo.Remove(shard);
        return new ShardClassifyResult(analytics, people, changed, [.. forwardedTo]);
    }

    private (bool Person, bool Changed) Classify(PersonRow row, PersonState? delta, DateOnly asOf, ShardAnalytics analytics, Batch batch)
    {
        var state = row.State;
        string? json = null;
        if (delta is not null)
        {
            state.Merge(delta);
            json = PersonStateJson.Serialize(state);
        }

        var isNew = row.Version is null;

        // A pending row is written even if nothing changed here, which clears the mark.
        var stateChanged = row.Pending || (json is not null && (isNew || !string.Equals(json, row.StateJson, StringComparison.Ordinal)));
        if (classifier.Classify(state, asOf) is not { } stage)
        {
            // Not seen by the day classified (a backfill): nothing to show, but what was folded is kept.
            KeepStateOnly(row, state, json, stateChanged, batch);
            return (false, false);
        }

        var history = timeline.Build(state, asOf);
        var entered = history[^1].Entered;
        analytics.Months.Add(state);
        analytics.Weeks.Add(state);
        var member = StageMember.From(state, stage, entered, asOf, channels);
        analytics.Funnel.Add(member.FirstTouchChannel, stage, history);
        analytics.Campaigns.AddPerson(state, FunnelAggregator.FirstEntries(history), channels);
        analytics.Funnel.Totals.Add(member.Orders, member.Revenue);
        if (!batch.Membership)
        {
            // A backfill: members, history and messages stay those of the current view.
            KeepStateOnly(row, state, json, stateChanged, batch);
            return (true, false);
        }

        var fingerprint = member.Fingerprint();
        var memberChanged = row.Stage != stage || row.StageEntered != entered || row.MemberHash != fingerprint;
        var spells = StageSpellCodes.Encode(history);
        var spellsChanged = !string.Equals(spells, row.Spells, StringComparison.Ordinal);

        // Counted when changed by this run in any round or attempt (a later round, or a rerun after a crash, finds
        // the row already written), so the last round of each shard gives the run's count, each person once.
        var changedThisRun = memberChanged || string.Equals(row.ChangedIn, batch.RunId, StringComparison.Ordinal);
        if (!memberChanged && !spellsChanged && !stateChanged)
        {
            return (true, changedThisRun);
        }

        if (memberChanged || spellsChanged)
        {
            batch.Changes.Add(Change(row, member, memberChanged, history, spells, spellsChanged, batch.AnnounceNewFrom));
        }

        batch.Rows.Add(new PersonWrite(state, json ?? PersonStateJson.Serialize(state), isNew ? null : row.Version, stage, entered, fingerprint, spells, memberChanged ? batch.RunId : row.ChangedIn));
        return (true, changedThisRun);
    }

    /// <summary>Keeps the folded state with the stage and codes of the current view, which the next run compares against.</summary>
    private static void KeepStateOnly(PersonRow row, PersonState state, string? json, bool stateChanged, Batch batch)
    {
        if (stateChanged)
        {
            batch.Rows.Add(new PersonWrite(state, json ?? PersonStateJson.Serialize(state), row.Version, row.Stage, row.StageEntered, row.MemberHash, row.Spells, row.ChangedIn));
        }
    }

    private static MembershipChange Change(PersonRow row, StageMember member, bool memberChanged, IReadOnlyList<StageSpell> history, string spells, bool spellsChanged, DateOnly? announceNewFrom)
    {
        IReadOnlyList<StageSpell> write = [];
        IReadOnlyList<string> delete = [];
        var sweep = false;
        if (spellsChanged)
        {
            if (row.Spells is null)
            {
                // No codes kept: write every spell, and look for obsolete ones only if an earlier run wrote any.
                write = history;
                sweep = row.Stage is not null;
            }
            else
            {
                var stored = StageSpellCodes.Split(row.Spells);
                var known = stored.ToHashSet(StringComparer.Ordinal);
                write = history.Where(s => !known.Contains(StageSpellCodes.Code(s))).ToList();
                var current = StageSpellCodes.Split(spells).Select(StageSpellCodes.SuffixOf).ToHashSet(StringComparer.Ordinal);
                delete = stored.Select(StageSpellCodes.SuffixOf).Where(s => !current.Contains(s))
                    .Select(s => $"{StoredKey.Escape(row.Key)}|{s}").ToList();
            }
        }

        // A change of stage is announced; so is a newcomer's first stage when they entered it since the previous
        // run. A first run classifies everyone for the first time and announces nobody: a backfill is not news.
        var isNews = row.Stage is { } previous ? previous != member.Stage : announceNewFrom is { } from && member.Entered >= from;
        var notification = isNews
            ? new StageChange(row.Key, row.Stage, member.Stage, member.Entered, history[^1].IsReactivation, StageChange.Describe(row.Stage, member.Stage, history[^1].IsReactivation))
            : null;
        return new MembershipChange(row.Key, memberChanged ? member : null, row.Stage, write, delete, sweep, history, notification);
    }

    private async Task FlushAsync(Batch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // Members, history and messages first, then the person rows: a crash in between finds the old stage and
        // codes on the row and writes again.
        await membership.WriteAsync(batch.Changes, cancellationToken);
        await persons.WriteAsync(batch.Rows, cancellationToken);
        batch.Changes.Clear();
        batch.Rows.Clear();
    }

    private sealed class Batch
    {
        public List<MembershipChange> Changes { get; } = [];
        public List<PersonWrite> Rows { get; } = [];
        public int Count => Rows.Count;
        public DateOnly? AnnounceNewFrom { get; init; }
        public required string RunId { get; init; }
        public bool Membership { get; init; } = true;
    }
}
