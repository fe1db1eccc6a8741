namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// The stage rules of PRODUCT.md, as of a day (everything up to the end of that UTC day counts).
/// Lapse: the last order is more than <see cref="LifecycleOptions.LapseWindowDays"/> days before the day.
/// Trailing windows (loyalty, advocacy) include the day itself: a signal 364 days before is in a 365-day window.
/// An order refunded in full counts until the day of its refund (for ever, if the refund's time is unknown).
/// </summary>
public sealed class StageClassifier(LifecycleOptions options)
{
    public LifecycleOptions Options => options;

    /// <summary>The stage on <paramref name="asOf"/>, or null when the person had not been seen by then.</summary>
    public LifecycleStage? Classify(PersonState person, DateOnly asOf)
    {
        var end = EndOf(asOf);
        if (person.FirstSeen is not { } firstSeen || firstSeen >= end)
        {
            return null;
        }

        var orderDays = new List<DateOnly>();
        foreach (var order in person.Orders.Values)
        {
            if (order.CountsBefore(end))
            {
                orderDays.Add(DateOnly.FromDateTime(order.CompletedAt!.Value.UtcDateTime));
            }
        }

        if (orderDays.Count == 0)
        {
            return person.IdentifiedAt < end ? LifecycleStage.Acquisition : LifecycleStage.Reach;
        }

        var lastOrder = orderDays.Max();
        if (asOf.DayNumber - lastOrder.DayNumber > options.LapseWindowDays)
        {
            return LifecycleStage.Lapsed;
        }

        if (orderDays.Count == 1)
        {
            return LifecycleStage.Conversion;
        }

        if (person.AdvocacySignals.Any(s => s < end && asOf.DayNumber - Day(s).DayNumber < options.AdvocacyWindowDays))
        {
            return LifecycleStage.Advocacy;
        }

        return orderDays.Count(d => asOf.DayNumber - d.DayNumber < options.LoyaltyWindowDays) >= options.LoyaltyOrders
            ? LifecycleStage.Loyalty
            : LifecycleStage.Retention;
    }

    public static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
