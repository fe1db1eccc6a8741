using LifecycleFunctions.Domain.Replay;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.Engine.Replay;

/// <summary>
/// Sends failed input back: queue messages onto their queue, rejected website events through the collection
/// path. A record and its poison message are removed only after the send, so a replay that dies part-way
/// loses nothing, and what it sent twice is deduplicated by the ids the plan gave it.
/// </summary>
public sealed class FailedInputReplayer(
    IReplaySources sources,
    IFailedInputStore failures,
    IPoisonQueues poisonQueues,
    IQueueSender queues,
    IWebsiteEventRecapture website,
    TimeProvider time,
    ILogger<FailedInputReplayer> logger)
{
    /// <summary>Long enough to read every poison message and plan; a replay that dies before its plan leaves them invisible this long.</summary>
    public static readonly TimeSpan PoisonLease = TimeSpan.FromMinutes(15);

    /// <summary>Long enough for one message's send; a replay that dies during it leaves that message invisible this long.</summary>
    public static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    /// <param name="names">The sources to take (<see cref="IReplaySources"/>' names); all when empty.</param>
    public async Task<PreparedReplay> PrepareAsync(IReadOnlySet<string> names, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var filter = new ReplayFilter(names, since, time.GetUtcNow());
        var stored = await failures.ListAsync(names, cancellationToken);
        var rows = new Dictionary<FailedInput, StoredFailedInput>(ReferenceEqualityComparer.Instance);
        foreach (var row in stored)
        {
            rows[row.Input] = row;
        }

        var leased = new Dictionary<PoisonedMessage, LeasedPoisonMessage>(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var source in sources.All.Where(s => s.HasPoisonQueue && filter.Takes(s.Name, null)))
            {
                await foreach (var message in poisonQueues.ReceiveAllAsync(source.Name, PoisonLease, cancellationToken))
                {
                    leased[new PoisonedMessage(source.Name, message.MessageId, message.Body, message.InsertedOn)] = message;
                }
            }

            var plan = ReplayPlanner.Plan(sources.All, [.. rows.Keys], [.. leased.Keys], filter);

            // Every message is visible again while the replay runs, each planned one taken back only for its own
            // send: a replay that stops or dies part-way hides at most the one in hand.
            var planned = plan.Items.Where(i => i.Poisoned is not null).Select(i => i.Poisoned!).ToHashSet(ReferenceEqualityComparer.Instance);
            var released = new Dictionary<PoisonedMessage, LeasedPoisonMessage>(ReferenceEqualityComparer.Instance);
            foreach (var (message, lease) in leased)
            {
                if (await poisonQueues.ReleaseAsync(lease, cancellationToken) is { } handle && planned.Contains(message))
                {
                    released[message] = handle;
                }
            }

            return new PreparedReplay(plan, rows, released);
        }
        catch (Exception)
        {
            // Not hidden for the rest of the lease by a replay that never ran; one released already is a no-op.
            await ReleaseAfterFailureAsync(leased.Values);
            throw;
        }
    }

    public async Task<IReadOnlyList<ReplayedItem>> RunAsync(PreparedReplay prepared, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var done = new List<ReplayedItem>(prepared.Plan.Items.Count);
        foreach (var item in prepared.Plan.Items)
        {
            var replayed = await ReplayAsync(prepared, item, cancellationToken);
            logger.LogInformation(
                "Replayed {Source} input {Id}: {Outcome}", item.Source.Name, item.Record?.Id ?? item.Poisoned?.MessageId, replayed.Outcome);
            done.Add(replayed);
            progress.Report(done.Count);
        }

        foreach (var record in prepared.Plan.SpentRecords)
        {
            await failures.DeleteIfUnchangedAsync(prepared.Row(record), cancellationToken);
        }

        return done;
    }

    private async Task<ReplayedItem> ReplayAsync(PreparedReplay prepared, ReplayItem item, CancellationToken cancellationToken)
    {
        LeasedPoisonMessage? taken = null;
        if (item.Poisoned is { } poisoned)
        {
            // Taken back before the send, so a replay running meanwhile does not send it as well.
            taken = prepared.Released(poisoned) is { } handle ? await poisonQueues.TakeAsync(handle, SendLease, cancellationToken) : null;
            if (taken is null)
            {
                return new ReplayedItem(item, ReplayOutcome.TakenElsewhere, null);
            }
        }

        if (item.AlreadySent)
        {
            // The record goes too, unless recorded again meanwhile: that is a new failure, for the next replay.
            await poisonQueues.DeleteAsync(taken!, cancellationToken);
            await failures.DeleteIfUnchangedAsync(prepared.Row(item.Record!), cancellationToken);
            return new ReplayedItem(item, ReplayOutcome.RemovedAsSent, null);
        }

        try
        {
            if (item.Source.Route == ReplayRoute.WebsiteCapture)
            {
                var rejection = await website.CaptureAsync(item.Body, cancellationToken);
                if (rejection is not null)
                {
                    return new ReplayedItem(item, ReplayOutcome.RejectedAgain, rejection);
                }
            }
            else
            {
                await queues.SendAsync(item.Source.Target, item.Body, cancellationToken);
            }

            if (taken is not null)
            {
                await poisonQueues.DeleteAsync(taken, cancellationToken);
            }
        }
        catch (Exception) when (taken is not null)
        {
            await ReleaseAfterFailureAsync([taken]);
            throw;
        }

        // A poisoned record sent without its message: the message may be hidden by another replay's lease and come
        // back; the mark tells the next replay it was sent.
        var removed = item.Record is not { } record
            || (record.IsPoisoned && item.Poisoned is null
                ? await failures.MarkReplayedIfUnchangedAsync(prepared.Row(record), time.GetUtcNow(), cancellationToken)
                : await failures.DeleteIfUnchangedAsync(prepared.Row(record), cancellationToken));
        return new ReplayedItem(item, removed ? ReplayOutcome.Resent : ReplayOutcome.ResentRecordChanged, null);
    }

    /// <summary>
    /// Visible again at once rather than when their lease ends. Best effort: the failure is what the caller must
    /// see, and once storage fails too the rest come back when their lease ends.
    /// </summary>
    private async Task ReleaseAfterFailureAsync(IEnumerable<LeasedPoisonMessage> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                await poisonQueues.ReleaseAsync(message, CancellationToken.None);
            }
            catch (Exception ex) when (poisonQueues.IsStorageFailure(ex))
            {
                logger.LogWarning(
                    ex,
                    "Could not release poison message {MessageId} of {PoisonQueue}; it is visible again when its lease ends",
                    message.MessageId,
                    message.PoisonQueue);
                return;
            }
        }
    }
}
