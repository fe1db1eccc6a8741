namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// One order as far as it is known: completed (with time and amount), refunded, or both. A refund may be
/// folded before its order, so either half may be missing.
/// </summary>
public sealed record OrderFact(string OrderId, DateTimeOffset? CompletedAt, decimal Amount, bool Refunded, decimal RefundedAmount)
{
    /// <summary>When the refund happened; null when unknown, and then it applies from the start.</summary>
    public DateTimeOffset? RefundedAt { get; init; }

    /// <summary>A completed order that was not refunded in full.</summary>
    public bool Counts => CompletedAt is not null && !FullyRefunded;

    public decimal NetAmount => Counts ? Amount - (Refunded ? RefundedAmount : 0) : 0;

    private bool FullyRefunded => Refunded && (RefundedAmount == 0 || RefundedAmount >= Amount);

    /// <summary>Completed before <paramref name="end"/> and not refunded in full before it: as-of days before a refund still see the order.</summary>
    public bool CountsBefore(DateTimeOffset end) =>
        CompletedAt < end && !(FullyRefunded && (RefundedAt is null || RefundedAt < end));

    public decimal NetAmountBefore(DateTimeOffset end) =>
        CountsBefore(end) ? Amount - (Refunded && (RefundedAt is null || RefundedAt < end) ? RefundedAmount : 0) : 0;

    public OrderFact Merge(OrderFact other) => new(
        OrderId,
        Min(CompletedAt, other.CompletedAt),
        AmountOf(this, other),
        Refunded || other.Refunded,
        Math.Max(RefundedAmount, other.RefundedAmount))
    {
        RefundedAt = Min(RefundedAt, other.RefundedAt),
    };

    // The amount of the completion whose time is kept (ties: the larger), so that merging does not depend on
    // which of two completions of the same order (website and order system) came first.
    private static decimal AmountOf(OrderFact a, OrderFact b) =>
        a.CompletedAt is null ? (b.CompletedAt is null ? Math.Max(a.Amount, b.Amount) : b.Amount)
        : b.CompletedAt is null || a.CompletedAt < b.CompletedAt ? a.Amount
        : b.CompletedAt < a.CompletedAt ? b.Amount
        : Math.Max(a.Amount, b.Amount);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
