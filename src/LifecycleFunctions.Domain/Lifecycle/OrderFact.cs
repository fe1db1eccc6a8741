using System.Text.Json.Serialization;

namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// One order as far as it is known: completed (with time and amount), refunded once or in parts, or both. A
/// refund may be folded before its order, so either half may be missing. Merging is a union (refunds by key),
/// so folding the same events twice, in any order, gives the same fact.
/// </summary>
public sealed record OrderFact(string OrderId, DateTimeOffset? CompletedAt, decimal Amount) : IJsonOnDeserialized
{
    private OrderRefund[] _refunds = [];

    /// <summary>One per <see cref="OrderRefund.Key"/>, ordered by key.</summary>
    [JsonIgnore]
    public IReadOnlyList<OrderRefund> Refunds
    {
        get => _refunds;
        init => _refunds = Union([], value);
    }

    // Most orders have no refund: leave the property out of the stored state then (nulls are not written).
    [JsonInclude]
    [JsonPropertyName("refunds")]
    private OrderRefund[]? StoredRefunds
    {
        get => _refunds.Length == 0 ? null : _refunds;
        set => _refunds = Union([], value ?? []);
    }

    [JsonIgnore]
    public bool Refunded => _refunds.Length > 0;

    /// <summary>A completed order that was not refunded in full.</summary>
    [JsonIgnore]
    public bool Counts => CompletedAt is not null && !FullyRefundedBefore(DateTimeOffset.MaxValue);

    [JsonIgnore]
    public decimal NetAmount => NetAmountBefore(DateTimeOffset.MaxValue);

    // States written before refunds were kept one by one held a single refund in these three fields.
    [JsonInclude]
    [JsonPropertyName("refunded")]
    private bool? LegacyRefunded { get; set; }

    [JsonInclude]
    [JsonPropertyName("refundedAmount")]
    private decimal? LegacyRefundedAmount { get; set; }

    [JsonInclude]
    [JsonPropertyName("refundedAt")]
    private DateTimeOffset? LegacyRefundedAt { get; set; }

    public static OrderFact Completion(string orderId, DateTimeOffset at, decimal amount) => new(orderId, at, amount);

    public static OrderFact Refund(string orderId, string? refundId, decimal? amount, DateTimeOffset? at) =>
        new(orderId, null, 0m) { Refunds = [new OrderRefund(OrderRefund.KeyFor(refundId, amount), amount ?? 0m, at)] };

    /// <summary>Completed before <paramref name="end"/> and not refunded in full before it: as-of days before a refund still see the order.</summary>
    public bool CountsBefore(DateTimeOffset end) => CompletedAt < end && !FullyRefundedBefore(end);

    public decimal NetAmountBefore(DateTimeOffset end) =>
        !CountsBefore(end) ? 0
        : _refunds.Length == 0 ? Amount
        : Amount - _refunds.Where(r => r.AppliesBefore(end)).Sum(r => r.Amount);

    public OrderFact Merge(OrderFact other) => new(OrderId, Min(CompletedAt, other.CompletedAt), AmountOf(this, other))
    {
        _refunds = Union(_refunds, other._refunds),
    };

    public bool Equals(OrderFact? other) =>
        other is not null && OrderId == other.OrderId && CompletedAt == other.CompletedAt && Amount == other.Amount && _refunds.SequenceEqual(other._refunds);

    public override int GetHashCode() => HashCode.Combine(OrderId, CompletedAt, Amount, _refunds.Length);

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (LegacyRefunded == true && _refunds.Length == 0)
        {
            var amount = LegacyRefundedAmount ?? 0m;
            _refunds = [new OrderRefund(OrderRefund.KeyFor(null, amount), amount, LegacyRefundedAt)];
        }

        LegacyRefunded = null;
        LegacyRefundedAmount = null;
        LegacyRefundedAt = null;
    }

    // Refunds before the end add up to the order, or one came without an amount (the sender refunded it all).
    private bool FullyRefundedBefore(DateTimeOffset end)
    {
        // Most orders are never refunded, and the stage timeline asks this for every order on every change day.
        if (_refunds.Length == 0)
        {
            return false;
        }

        var applying = _refunds.Where(r => r.AppliesBefore(end)).ToList();
        return applying.Count > 0 && (applying.Any(r => r.IsFull) || applying.Sum(r => r.Amount) >= Amount);
    }

    private static OrderRefund[] Union(IReadOnlyList<OrderRefund> a, IReadOnlyList<OrderRefund> b)
    {
        if (b.Count == 0 && a is OrderRefund[] same)
        {
            return same;
        }

        var byKey = new SortedDictionary<string, OrderRefund>(StringComparer.Ordinal);
        foreach (var refund in a.Concat(b))
        {
            byKey[refund.Key] = byKey.TryGetValue(refund.Key, out var known) ? known.Merge(refund) : refund;
        }

        return [.. byKey.Values];
    }

    // The amount of the completion whose time is kept (ties: the larger), so that merging does not depend on
    // which of two completions of the same order (website and order system) came first.
    private static decimal AmountOf(OrderFact a, OrderFact b) =>
        a.CompletedAt is null ? (b.CompletedAt is null ? Math.Max(a.Amount, b.Amount) : b.Amount)
        : b.CompletedAt is null || a.CompletedAt < b.CompletedAt ? a.Amount
        : b.CompletedAt < a.CompletedAt ? b.Amount
        : Math.Max(a.Amount, b.Amount);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
