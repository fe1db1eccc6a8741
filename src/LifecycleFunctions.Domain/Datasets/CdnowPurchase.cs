namespace LifecycleFunctions.Domain.Datasets;

/// <summary>One line of the CDNOW purchase data set: a customer bought some CDs on a day.</summary>
public sealed record CdnowPurchase(string CustomerId, DateOnly Date, int Cds, decimal Amount, int Line)
{
    /// <summary>Several lines may share customer and day, so the line number keeps order ids unique.</summary>
    public string OrderId => $"cdnow-{CustomerId}-{Date:yyyyMMdd}-{Line}";

    public string UserId => $"cdnow-{CustomerId}";
}
