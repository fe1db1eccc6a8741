namespace LifecycleFunctions.Domain.Value;

/// <summary>What a customer spent on one day, net of refunds.</summary>
public readonly record struct DayPurchase(DateOnly Day, decimal Amount);
