using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// Phase 1 of a recompute, for one shard: folds the events stored since the watermark into person-state
/// deltas, streaming (memory grows with the people touched, not the events), records identity links found in
/// identify and alias calls, and moves a linked anonymous history into its person. Returns the deltas by
/// target shard, to be kept with the step's output (<see cref="IRecomputeStepStore"/>), not written to the
/// person rows: the classify step reads each shard's rows once anyway and writes a changed person once, with
/// their new stage. Also returns the shard's ad spend for campaign totals. An event stored before capture
/// checked stored keys, naming a person or channel whose rows the store would refuse, is left out and recorded
/// in failed events: one such event must not fail every night's run for everyone.
/// </summary>
public sealed class ShardFold(IEventLog events, IPersonStateStore persons, IIdentityLinkStore identities, PersonFolder folder, IFailedInputSink failures)
{
    private const int MaxLinkHops = 8;

    public async Task<ShardFoldResult> RunAsync(int shard, DateTimeOffset storedAfter, DateTimeOffset storedUpTo, CancellationToken cancellationToken)
    {
        var known = await identities.LoadShardAsync(shard, cancellationToken);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var deltas = new Dictionary<string, PersonState>(StringComparer.Ordinal);
        var ads = new AdSpendLedger();
        var count = 0;

        await foreach (var e in events.ReadAsync(shard, storedAfter, storedUpTo, cancellationToken))
        {
            count++;
            if (StoredKeyRule.Problems(e) is { Count: > 0 } problems)
            {
                await RecordUnfileableAsync(e, "cannot be stored: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Detail}")), cancellationToken);
                continue;
            }

            if (AmountLimit.Problems(e) is { Count: > 0 } amounts)
            {
                await RecordUnfileableAsync(e, "cannot be added up: " + string.Join("; ", amounts), cancellationToken);
                continue;
            }

            ads.AddAdEvent(e);
            foreach (var (from, to) in LinksOf(e))
            {
                found[from] = to;
            }

            if (e.PersonKey is not { } key)
            {
                continue;
            }

            var canonical = Resolve(key, known, found);
            if (!deltas.TryGetValue(canonical, out var delta))
            {
                deltas[canonical] = delta = new PersonState { Key = canonical };
            }

            folder.Fold(delta, e);
            if (!string.Equals(canonical, key, StringComparison.Ordinal))
            {
                // Recorded whichever way the history arrives (folded here, or moved from the old key's row), so reruns agree.
                delta.MergedKeys.Add(key);
            }
        }

        // A link found late in the stream: what was folded under the old key belongs to the person.
        foreach (var from in found.Keys)
        {
            if (deltas.Remove(from, out var orphan))
            {
                var target = Resolve(from, known, found);
                if (!deltas.TryGetValue(target, out var delta))
                {
                    deltas[target] = delta = new PersonState { Key = target };
                }

                delta.Merge(orphan);
            }
        }

        await identities.SaveAsync(found, cancellationToken);
        foreach (var from in found.Keys)
        {
            await persons.MoveAsync(from, Resolve(from, known, found), cancellationToken);
        }

        var byShard = deltas.Values.GroupBy(d => IdentityKey.Shard(d.Key, Shards.Count)).ToDictionary(g => g.Key, g => g.ToList());
        return new ShardFoldResult(count, deltas.Count, found.Count, ads, byShard);
    }

    private async Task RecordUnfileableAsync(CapturedEvent e, string problem, CancellationToken cancellationToken)
    {
        var who = e.PersonKey is { } person ? $"person '{(person.Length > 80 ? person[..80] + "…" : person)}'" : "ad report";
        var reason = $"Left out of the recompute: the {who} {problem} Capture refuses such input now; this event was stored before it did.";
        await failures.RecordAsync(PipelineHealth.UnfileableSource, e.DeduplicationKey, e.Payload, reason, 0, cancellationToken);
    }

    /// <summary>identify with both ids links the anonymous visitor; alias links the previous id (anonymous or an older user id).</summary>
    public static IEnumerable<(string From, string To)> LinksOf(CapturedEvent e)
    {
        if (e.UserId is not { } userId)
        {
            yield break;
        }

        var to = IdentityKey.UserPrefix + userId;
        if (e.AnonymousId is { } anonymousId && e.Type is EventTypes.Identify or EventTypes.Alias or EventTypes.Track or EventTypes.Page or EventTypes.Screen)
        {
            yield return (IdentityKey.AnonymousPrefix + anonymousId, to);
        }

        if (e.Type == EventTypes.Alias && e.PreviousId is { } previous)
        {
            yield return (IdentityKey.AnonymousPrefix + previous, to);
            if (!string.Equals(previous, userId, StringComparison.Ordinal))
            {
                yield return (IdentityKey.UserPrefix + previous, to);
            }
        }
    }

    private static string Resolve(string key, Dictionary<string, string> known, Dictionary<string, string> found)
    {
        for (var hop = 0; hop < MaxLinkHops; hop++)
        {
            if (found.TryGetValue(key, out var next) || known.TryGetValue(key, out next))
            {
                if (string.Equals(next, key, StringComparison.Ordinal))
                {
                    return key;
                }

                key = next;
                continue;
            }

            return key;
        }

        return key;
    }
}
