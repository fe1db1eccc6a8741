namespace LifecycleFunctions.Domain.Replay;

/// <summary>
/// Decides what a replay sends and where. A poisoned message is in two places, its poison queue (the body) and
/// a failed-events record (the reason, under the same body): it is sent once, from the poison queue, and both
/// are removed. A poisoned record whose message left the poison queue (or is hidden by another replay's lease) is
/// sent from the record, which stays marked as sent: should the message come back, it is removed, not sent
/// again under an id that would not deduplicate. Records of a
/// source without a replay (a recompute's work item), and website events too old to be folded, are left alone
/// and listed.
/// </summary>
public static class ReplayPlanner
{
    /// <summary>
    /// How long before the replay a website event may have first arrived and still be sent. Its replay is stored
    /// under its arrival day, and the recompute reads arrival days from 7 days before its watermark on
    /// (EventLogReader.MaxQueueDelay); the day between leaves time for the replayed message to be stored.
    /// </summary>
    public static readonly TimeSpan MaxArrivalAge = TimeSpan.FromDays(6);

    public const string TooOldReason = "too-old: a website event that first arrived more than 6 days before the replay is stored under that day, which the nightly recompute no longer reads; not replayed";

    public const string ConflictReason = "a conflicting report of an order: decide which figures are right (the row keeps both); not replayed";

    public const string NoRecordReason = "Poisoned: no failed-events record (its reason was not written)";

    public const string FutureReason = "future: dated more than a day after it first arrived, a sender's clock or unit error that a replay days later would store as a real date; fix the sender and have it send again; not replayed";

    public const string NotUtf8Reason = "utf-8: its bytes are not UTF-8 text (kept as sent, base64 in RawBase64), which no replay can make valid; have the sender fix its encoding and send again; not replayed";

    public const string AlreadySentReason = "sent from its failed-events record by an earlier replay while this poison message was hidden; removed, not sent again";

    /// <summary>
    /// How long a record sent without its poison message stays marked: longer than any lease a replay holds on a
    /// poison message (15 minutes to plan, 2 to send), after which a message that has not come back never will.
    /// </summary>
    public static readonly TimeSpan ReplayedRecordKeep = TimeSpan.FromMinutes(20);

    /// <param name="filter">What to take; its <see cref="ReplayFilter.Until"/> is the replay's time, which website
    /// events' age is measured to.</param>
    public static ReplayPlan Plan(IReadOnlyList<ReplaySource> sources, IReadOnlyList<FailedInput> records, IReadOnlyList<PoisonedMessage> poisoned, ReplayFilter filter)
    {
        var byName = sources.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var poisonedRecords = new Dictionary<(string Source, string Body), Queue<FailedInput>>();
        foreach (var record in records.Where(r => r.IsPoisoned))
        {
            var key = (record.Source, record.RawBody);
            if (!poisonedRecords.TryGetValue(key, out var queue))
            {
                poisonedRecords[key] = queue = new Queue<FailedInput>();
            }

            queue.Enqueue(record);
        }

        var items = new List<ReplayItem>();
        var skipped = new List<SkippedInput>();
        var spent = new List<FailedInput>();
        var matched = new HashSet<FailedInput>(ReferenceEqualityComparer.Instance);
        foreach (var message in poisoned)
        {
            if (!byName.TryGetValue(message.Queue, out var source) || !source.HasPoisonQueue)
            {
                continue;
            }

            var record = poisonedRecords.TryGetValue((message.Queue, message.Body), out var candidates) && candidates.Count > 0 ? candidates.Dequeue() : null;
            if (record is not null)
            {
                matched.Add(record);
            }

            if (!filter.Takes(source.Name, record?.FailedAt ?? message.InsertedOn))
            {
                continue;
            }

            if (record?.ReplayedAt is not null)
            {
                items.Add(new ReplayItem(source, AlreadySentReason, message.Body, record, message, AlreadySent: true));
                continue;
            }

            // When it failed, after its first arrival: one that waited in its queue is older than this says, so it errs toward sending.
            if (IsTooOld(source, record?.FailedAt ?? message.InsertedOn, filter))
            {
                skipped.Add(new SkippedInput(record, TooOldReason, message));
            }
            else
            {
                var body = ReplayBody.ForQueue(source.IdRule, message.Body, record?.Id ?? message.MessageId, source.DatesByQueueing ? record?.FailedAt ?? message.InsertedOn : null);
                items.Add(new ReplayItem(source, record?.Reason ?? NoRecordReason, body, record, message));
            }
        }

        foreach (var record in records.Where(r => !matched.Contains(r)))
        {
            if (!filter.Takes(record.Source, record.FailedAt))
            {
                continue;
            }

            if (record.ReplayedAt is { } replayedAt)
            {
                // Its message may still be hidden by a lease; once none can be, the mark has done its work.
                if (filter.Until - replayedAt > ReplayedRecordKeep)
                {
                    spent.Add(record);
                }

                continue;
            }

            if (record.IsOrderConflict)
            {
                skipped.Add(new SkippedInput(record, ConflictReason));
                continue;
            }

            if (record.NotText || ReplayReason.Rules(record.Reason).Contains(Capture.Utf8Body.Rule))
            {
                skipped.Add(new SkippedInput(record, NotUtf8Reason));
                continue;
            }

            // Judged against its first arrival: received again later, the same date would pass the one-day rule.
            if (ReplayReason.Rules(record.Reason).Contains(Capture.EventTimestampRule.FutureRule))
            {
                skipped.Add(new SkippedInput(record, FutureReason));
                continue;
            }

            if (!byName.TryGetValue(record.Source, out var source))
            {
                skipped.Add(new SkippedInput(record, $"'{record.Source}' is not captured input (a recompute's work item is redone by the next recompute)"));
                continue;
            }

            if (IsTooOld(source, record.FailedAt, filter))
            {
                skipped.Add(new SkippedInput(record, TooOldReason));
                continue;
            }

            var body = source.Route == ReplayRoute.WebsiteCapture
                ? ReplayBody.ForWebsiteItem(record.RawBody, record.Id, record.FailedAt)
                : ReplayBody.ForQueue(source.IdRule, record.RawBody, record.Id, source.DatesByQueueing ? record.FailedAt : null);
            items.Add(new ReplayItem(source, record.Reason, body, record, null));
        }

        return new ReplayPlan(items, skipped, spent);
    }

    private static bool IsTooOld(ReplaySource source, DateTimeOffset? firstArrival, ReplayFilter filter) =>
        source.KeepsArrivalDay && firstArrival is { } arrival && filter.Until - arrival > MaxArrivalAge;
}
