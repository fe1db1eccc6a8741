namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// One order as far as it is known: completed (with time and amount), refunded, or both. A refund may be
/// folded before its order, so either half may be missing.
/// </summary>
public sealed record OrderFact(string OrderId, DateTimeOffset? CompletedAt, decimal Amount, bool Refunded, decimal RefundedAmount)
{
    /// <summary>A completed order that was not refunded in full.</summary>
    public bool Counts => CompletedAt is not null && !(Refunded && (RefundedAmount == 0 || RefundedAmount >= Amount));

    public decimal NetAmount => Counts ? Amount - (Refunded ? RefundedAmount : 0) : 0;

    public OrderFact Merge(OrderFact other) => new(
        OrderId,
        Min(CompletedAt, other.CompletedAt),
        AmountOf(this, other),
        Refunded || other.Refunded,
        Math.Max(RefundedAmount, other.RefundedAmount));

    // The amount of the completion whose time is kept (ties: the larger), so that merging does not depend on
    // which of two completions of the same order (website and order system) came first.
    private static decimal AmountOf(OrderFact a, OrderFact b) =>
        a.CompletedAt is null ? (b.CompletedAt is null ? Math.Max(a.Amount, b.Amount) : b.Amount)
        : b.CompletedAt is null || a.CompletedAt < b.CompletedAt ? a.Amount
        : b.CompletedAt < a.CompletedAt ? b.Amount
        : Math.Max(a.Amount, b.Amount);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
