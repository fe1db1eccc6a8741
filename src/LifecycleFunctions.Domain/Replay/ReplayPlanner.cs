namespace LifecycleFunctions.Domain.Replay;

/// <summary>
/// Decides what a replay sends and where. A poisoned message is in two places, its poison queue (the body) and
/// a failed-events record (the reason, under the same body): it is sent once, from the poison queue, and both
/// are removed. A poisoned record whose message left the poison queue is sent from the record. Records of a
/// source without a replay (a recompute's work item) are left alone and listed.
/// </summary>
public static class ReplayPlanner
{
    public const string ConflictReason = "a conflicting report of an order: decide which figures are right (the row keeps both); not replayed";

    public const string NoRecordReason = "Poisoned: no failed-events record (its reason was not written)";

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

            if (filter.Takes(source.Name, record?.FailedAt ?? message.InsertedOn))
            {
                var body = ReplayBody.ForQueue(source.IdRule, message.Body, record?.Id ?? message.MessageId, source.DatesByQueueing ? record?.FailedAt ?? message.InsertedOn : null);
                items.Add(new ReplayItem(source, record?.Reason ?? NoRecordReason, body, record, message));
            }
        }

        var skipped = new List<SkippedInput>();
        foreach (var record in records.Where(r => !matched.Contains(r)))
        {
            if (!filter.Takes(record.Source, record.FailedAt))
            {
                continue;
            }

            if (record.IsOrderConflict)
            {
                skipped.Add(new SkippedInput(record, ConflictReason));
                continue;
            }

            if (!byName.TryGetValue(record.Source, out var source))
            {
                skipped.Add(new SkippedInput(record, $"'{record.Source}' is not captured input (a recompute's work item is redone by the next recompute)"));
                continue;
            }

            var body = source.Route == ReplayRoute.WebsiteCapture
                ? ReplayBody.ForWebsiteItem(record.RawBody, record.Id, record.FailedAt)
                : ReplayBody.ForQueue(source.IdRule, record.RawBody, record.Id, source.DatesByQueueing ? record.FailedAt : null);
            items.Add(new ReplayItem(source, record.Reason, body, record, null));
        }

        return new ReplayPlan(items, skipped);
    }
}
