namespace LifecycleFunctions.Domain.Capture;

public sealed record PurchaseItem(string Sku, string Name, int Quantity, decimal Price);
