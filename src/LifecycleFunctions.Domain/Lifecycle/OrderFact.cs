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
        CompletedAt is not null ? Amount : other.Amount,
        Refunded || other.Refunded,
        Math.Max(RefundedAmount, other.RefundedAmount));

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
