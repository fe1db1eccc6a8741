namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// One customer's figures as of the model's day: P(alive), the purchases expected in the next 90 and 365 days,
/// the expected value of an order, the CLV of the next 12 months (discounted), its tier, and whether they are a
/// top-tier customer likely gone.
/// </summary>
public sealed record CustomerValue(
    string CustomerId,
    double PAlive,
    double ExpectedPurchasesShort,
    double ExpectedPurchasesLong,
    double ExpectedOrderValue,
    double Clv,
    ValueTier Tier,
    bool HighValueAtRisk);
