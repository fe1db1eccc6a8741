using System.Globalization;

namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>
/// One refund of an order. <see cref="Key"/> tells refunds apart: the sender's refund id when it gives one,
/// else the amount, so the website and the order system reporting the same refund count it once while two
/// partial refunds of different amounts both count. An amount of 0 means none was given: a full refund.
/// </summary>
public sealed record OrderRefund(string Key, decimal Amount, DateTimeOffset? At)
{
    public const string FullKey = "full";

    public bool IsFull => Amount == 0;

    /// <summary>Applies to days before <paramref name="end"/>: refunded before it, or at a time not known (then always).</summary>
    public bool AppliesBefore(DateTimeOffset end) => At is null || At < end;

    public static string KeyFor(string? refundId, decimal? amount) =>
        refundId is not null ? "id:" + refundId
        : amount is { } a && a > 0 ? "amount:" + a.ToString("0.############################", CultureInfo.InvariantCulture)
        : FullKey;

    /// <summary>The same refund reported twice (both sources, or a resend): the earliest time, the larger amount.</summary>
    public OrderRefund Merge(OrderRefund other) =>
        new(Key, Math.Max(Amount, other.Amount), At is null ? other.At : other.At is null ? At : At < other.At ? At : other.At);
}
