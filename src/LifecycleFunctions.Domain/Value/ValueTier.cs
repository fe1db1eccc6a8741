namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// Where a customer's predicted CLV ranks: the top 20 %, the next 30 %, the other half (shares in
/// <see cref="CustomerValueOptions"/>).
/// </summary>
public enum ValueTier
{
    Low,
    Middle,
    Top,
}
