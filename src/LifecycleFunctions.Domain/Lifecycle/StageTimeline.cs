namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// A person's complete stage history up to a day, derived from their state: the stage can only change on a
/// day something happened (first seen, identified, an order, an advocacy signal) or a window ran out (lapse,
/// loyalty, advocacy). Classifying on each of those days gives every transition with its exact date, however
/// often the nightly job ran, including for backfills.
/// </summary>
public sealed class StageTimeline(StageClassifier classifier)
{
    private static readonly HashSet<LifecycleStage> OrderingStages = [LifecycleStage.Conversion, LifecycleStage.Retention, LifecycleStage.Loyalty, LifecycleStage.Advocacy];

    public IReadOnlyList<StageSpell> Build(PersonState person, DateOnly asOf)
    {
        var spells = new List<StageSpell>();
        LifecycleStage? current = null;
        foreach (var day in ChangeDays(person, asOf))
        {
            var stage = classifier.Classify(person, day);
            if (stage is null || stage == current)
            {
                continue;
            }

            if (current is { } previous)
            {
                spells[^1] = spells[^1] with { Exited = day };
                spells.Add(new StageSpell(stage.Value, day, null, previous, previous == LifecycleStage.Lapsed && OrderingStages.Contains(stage.Value)));
            }
            else
            {
                spells.Add(new StageSpell(stage.Value, day, null, null, false));
            }

            current = stage;
        }

        return spells;
    }

    private SortedSet<DateOnly> ChangeDays(PersonState person, DateOnly asOf)
    {
        var options = classifier.Options;
        var days = new SortedSet<DateOnly>();
        void Add(DateOnly day)
        {
            if (day <= asOf)
            {
                days.Add(day);
            }
        }

        if (person.FirstSeen is { } first)
        {
            Add(StageClassifier.Day(first));
        }

        if (person.IdentifiedAt is { } identified)
        {
            Add(StageClassifier.Day(identified));
        }

        foreach (var order in person.Orders.Values.Where(o => o.CompletedAt is not null))
        {
            var day = StageClassifier.Day(order.CompletedAt!.Value);
            Add(day);
            Add(day.AddDays(options.LapseWindowDays + 1));
            Add(day.AddDays(options.LoyaltyWindowDays));
            foreach (var refund in order.Refunds)
            {
                if (refund.At is { } refunded)
                {
                    Add(StageClassifier.Day(refunded));
                }
            }
        }

        foreach (var signal in person.AdvocacySignals)
        {
            var day = StageClassifier.Day(signal);
            Add(day);
            Add(day.AddDays(options.AdvocacyWindowDays));
        }

        return days;
    }
}
